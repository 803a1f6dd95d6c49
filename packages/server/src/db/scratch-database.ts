import { randomBytes } from "node:crypto";
import pg from "pg";
import { createPrismaClient, type Database } from "./client.js";
import { withDatabase } from "./connection-url.js";

export interface ScratchDatabase {
  readonly url: string;
  readonly prisma: Database;
  drop(): Promise<void>;
}

export interface ScratchDatabaseOptions {
  /** Start of the random database name, e.g. `parley_test`. */
  prefix: string;
  /** A database to clone; without one the new database is empty. */
  template?: string;
}

/** A throwaway database on a PostgreSQL server, for tests and benchmarks; drop() removes it. */
export async function createScratchDatabase(serverUrl: string, options: ScratchDatabaseOptions): Promise<ScratchDatabase> {
  const name = `${options.prefix}_${randomBytes(6).toString("hex")}`;
  const template = options.template ? ` TEMPLATE "${options.template}"` : "";
  await runOnServer(serverUrl, `CREATE DATABASE "${name}"${template}`);
  const url = withDatabase(serverUrl, name);
  const prisma = createPrismaClient(url);
  return {
    url,
    prisma,
    async drop() {
      await prisma.$disconnect();
      await runOnServer(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

async function runOnServer(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
