import { randomBytes } from "node:crypto";
import path from "node:path";
import pg from "pg";
import { createPrismaClient, type Database } from "../../packages/server/src/db/client.js";
import { withDatabase } from "../../packages/server/src/db/connection-url.js";
import { startEmbeddedPostgres } from "../../packages/server/src/db/embedded-postgres.js";
import { migrateDatabase } from "../../packages/server/src/db/migrate.js";
import type { Logger } from "../../packages/server/src/logging/logger.js";
import { repoRoot } from "../../packages/server/src/paths.js";

export interface BenchDatabase {
  url: string;
  prisma: Database;
  drop(): Promise<void>;
}

/** A fresh, migrated database on DATABASE_URL's server, or on an embedded PostgreSQL. */
export async function createBenchDatabase(logger: Logger): Promise<BenchDatabase> {
  const embedded = process.env.DATABASE_URL
    ? undefined
    : await startEmbeddedPostgres(path.join(repoRoot, ".parley", "bench"), 55432, logger);
  const serverUrl = process.env.DATABASE_URL ?? embedded!.serverUrl;
  const name = `parley_bench_${randomBytes(4).toString("hex")}`;
  await admin(serverUrl, `CREATE DATABASE "${name}"`);
  const url = withDatabase(serverUrl, name);
  await migrateDatabase(url);
  const prisma = createPrismaClient(url);
  return {
    url,
    prisma,
    async drop() {
      await prisma.$disconnect();
      await admin(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await embedded?.stop();
    },
  };
}

async function admin(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
