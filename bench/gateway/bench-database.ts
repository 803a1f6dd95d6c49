import path from "node:path";
import { type Logger, migrateDatabase, startEmbeddedPostgres } from "@parley/server";
import { createScratchDatabase, repoRoot, type ScratchDatabase } from "@parley/server/testing";

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
