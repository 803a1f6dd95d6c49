import { defineConfig } from "prisma/config";
import { createAdapter } from "./packages/server/src/db/adapter.js";

// Prisma 6 with the JS engine and the pg driver adapter runs every command
// offline: no engine binary is downloaded (see README, "Why Prisma 6").
export default defineConfig({
  schema: "prisma/schema.prisma",
  experimental: { adapter: true },
  engine: "js",
  adapter: async () =>
    createAdapter(process.env.DATABASE_URL ?? "postgresql://localhost/placeholder", {
      max: 2,
      idleTimeoutMillis: 50,
    }),
});
