import { defineConfig } from "prisma/config";
import { createAdapter } from "./packages/server/src/db/adapter.js";

// Commands that need no database (generate) still read DATABASE_URL: without
// a value Prisma 6 falls back to downloading its query engine.
process.env.DATABASE_URL ??= "postgresql://localhost/unused";

// Prisma 6 with the JS engine and the pg driver adapter runs every command
// offline: no engine binary is downloaded (see README, "Why Prisma 6").
export default defineConfig({
  schema: "prisma/schema.prisma",
  experimental: { adapter: true },
  engine: "js",
  adapter: async () =>
    createAdapter(process.env.DATABASE_URL!, {
      max: 2,
      idleTimeoutMillis: 50,
    }),
});
