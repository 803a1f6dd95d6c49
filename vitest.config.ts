import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        test: { name: "engine", include: ["packages/engine/test/**/*.test.ts"] },
      },
      {
        extends: true,
        test: { name: "models", include: ["packages/models/test/**/*.test.ts"] },
      },
      {
        extends: true,
        test: { name: "server", include: ["packages/server/test/**/*.test.ts"], globalSetup: ["test/support/global-setup.ts"] },
      },
      {
        extends: true,
        test: { name: "sdk", include: ["packages/sdk/test/**/*.test.ts"], globalSetup: ["test/support/global-setup.ts"] },
      },
      {
        extends: true,
        test: { name: "integration", include: ["test/**/*.test.ts"], globalSetup: ["test/support/global-setup.ts"] },
      },
    ],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
