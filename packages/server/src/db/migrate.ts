import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { repoRoot } from "../paths.js";

const migrationsDir = path.join(repoRoot, "prisma", "migrations");
/** Advisory lock key held while migrating, so that gateways starting together apply each migration once. */
const MIGRATION_LOCK = 7_241_503_118;

/** Names of the migrations in `prisma/migrations`, oldest first. */
export async function listMigrations(): Promise<string[]> {
  const entries = await readdir(migrationsDir, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

// Prisma's own bookkeeping table, created the way `prisma migrate deploy` creates it, so that the Prisma
// CLI (`migrate status`, `migrate deploy`) agrees with what was applied here.
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

interface MigrationRow {
  migration_name: string;
  finished_at: Date | null;
}

async function migrationRows(client: pg.Client): Promise<MigrationRow[]> {
  const { rows: [table] } = await client.query<{ name: string | null }>(`SELECT to_regclass('"_prisma_migrations"')::text AS name`);
  if (!table?.name) return [];
  const { rows } = await client.query<MigrationRow>(
    `SELECT migration_name, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
  );
  return rows;
}

function pendingOf(all: string[], rows: MigrationRow[]): string[] {
  const applied = new Set(rows.filter((row) => row.finished_at !== null).map((row) => row.migration_name));
  return all.filter((name) => !applied.has(name));
}

/**
 * Applies the pending migrations of `prisma/migrations` the way `prisma migrate deploy` does (each
 * script once, in order, recorded in `_prisma_migrations` with the script's SHA-256), but over one pg
 * connection: spawning the Prisma CLI cost ~11 s per start (its WASM engine keeps the process alive).
 * Nothing pending is one query; otherwise the work runs under an advisory lock, each migration in
 * its own transaction. A migration that failed earlier (unfinished row) stops the start, as in Prisma.
 */
export async function migrateDatabase(databaseUrl: string): Promise<{ applied: string[] }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const all = await listMigrations();
    if (pendingOf(all, await migrationRows(client)).length === 0) return { applied: [] };
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    try {
      await client.query(CREATE_MIGRATIONS_TABLE);
      // Read again under the lock: another gateway may have applied them meanwhile.
      const rows = await migrationRows(client);
      const failed = rows.find((row) => row.finished_at === null);
      if (failed) {
        throw new Error(
          `migration failed: ${failed.migration_name} failed earlier; fix the database, then resolve it ` +
            `(pnpm exec prisma migrate resolve --rolled-back ${failed.migration_name})`,
        );
      }
      const pending = pendingOf(all, rows);
      for (const name of pending) await applyMigration(client, name);
      return { applied: pending };
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => undefined);
    }
  } finally {
    await client.end();
  }
}

async function applyMigration(client: pg.Client, name: string): Promise<void> {
  const script = await readFile(path.join(migrationsDir, name, "migration.sql"), "utf8");
  const checksum = createHash("sha256").update(script).digest("hex");
  try {
    await client.query("BEGIN");
    await client.query(script);
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
       VALUES ($1, $2, $3, now(), clock_timestamp(), 1)`,
      [randomUUID(), checksum, name],
    );
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw new Error(`migration failed: ${name}: ${(error as Error).message}`);
  }
}
