import pg from "pg";
import type { Config } from "../config/env.js";
import type { Logger } from "../logging/logger.js";
import { StartupError } from "../startup-error.js";
import { createPrismaClient, type Database } from "./client.js";
import { withDatabase } from "./connection-url.js";
import { startEmbeddedPostgres } from "./embedded-postgres.js";
import { migrateDatabase } from "./migrate.js";

export interface OpenDatabase {
  readonly url: string;
  readonly prisma: Database;
  readonly embedded: boolean;
  close(): Promise<void>;
}

const EMBEDDED_DATABASE = "parley";

/** Connects to `DATABASE_URL`, or starts the embedded PostgreSQL; then migrates. */
export async function openDatabase(config: Config, logger: Logger): Promise<OpenDatabase> {
  const embedded = config.DATABASE_URL
    ? undefined
    : await startEmbeddedPostgres(config.dataDir, config.PARLEY_EMBEDDED_PG_PORT, logger);
  try {
    const url = config.DATABASE_URL ?? withDatabase(embedded!.serverUrl, EMBEDDED_DATABASE);
    if (embedded) await ensureDatabaseExists(embedded.serverUrl, EMBEDDED_DATABASE);
    await assertReachable(url);
    const { applied } = await migrateDatabase(url);
    if (applied.length > 0) logger.info({ applied }, "database migrated");
    const prisma = createPrismaClient(url);
    return {
      url,
      prisma,
      embedded: Boolean(embedded),
      async close() {
        await prisma.$disconnect();
        await embedded?.stop();
      },
    };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}

async function ensureDatabaseExists(serverUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}

async function assertReachable(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
  } catch (error) {
    const safeUrl = new URL(url);
    safeUrl.password = safeUrl.password ? "***" : "";
    throw new StartupError(`cannot reach the database at ${safeUrl.toString()}: ${(error as Error).message}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}
