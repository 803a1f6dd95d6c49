import path from "node:path";
import { startEmbeddedPostgres } from "../../packages/server/src/db/embedded-postgres.js";
import { migrateDatabase } from "../../packages/server/src/db/migrate.js";
import { createScratchDatabase, type ScratchDatabase } from "../../packages/server/src/db/scratch-database.js";
import type { Logger } from "../../packages/server/src/logging/logger.js";
import { repoRoot } from "../../packages/server/src/paths.js";

export type BenchDatabase = ScratchDatabase;

/** A fresh, migrated database on DATABASE_URL's server, or on an embedded PostgreSQL. */
export async function createBenchDatabase(logger: Logger): Promise<BenchDatabase> {
  const embedded = process.env.DATABASE_URL
    ? undefined
    : await startEmbeddedPostgres(path.join(repoRoot, ".parley", "bench"), 55432, logger);
  const scratch = await createScratchDatabase(process.env.DATABASE_URL ?? embedded!.serverUrl, { prefix: "parley_bench" });
  await migrateDatabase(scratch.url);
  return {
    url: scratch.url,
    prisma: scratch.prisma,
    async drop() {
      await scratch.drop();
      await embedded?.stop();
    },
  };
}
