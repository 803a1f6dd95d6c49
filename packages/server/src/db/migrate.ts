import { execFile } from "node:child_process";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { repoRoot } from "../paths.js";

const run = promisify(execFile);
const migrationsDir = path.join(repoRoot, "prisma", "migrations");

/** Names of the migrations in `prisma/migrations`, oldest first. */
export async function listMigrations(): Promise<string[]> {
  const entries = await readdir(migrationsDir, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

async function appliedMigrations(databaseUrl: string): Promise<Set<string>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ migration_name: string }>(
      `SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    return new Set(rows.map((row) => row.migration_name));
  } catch {
    return new Set();
  } finally {
    await client.end();
  }
}

/**
 * Applies pending migrations with `prisma migrate deploy` (offline through the
 * pg driver adapter). Skipped when nothing is pending: the CLI's WASM engine
 * keeps the process alive ~10 s after it finishes.
 */
export async function migrateDatabase(databaseUrl: string): Promise<{ applied: string[] }> {
  const [all, applied] = await Promise.all([listMigrations(), appliedMigrations(databaseUrl)]);
  const pending = all.filter((name) => !applied.has(name));
  if (pending.length === 0) return { applied: [] };
  const prisma = path.join(repoRoot, "node_modules", ".bin", "prisma");
  try {
    await run(prisma, ["migrate", "deploy"], {
      cwd: repoRoot,
      env: { ...process.env, DATABASE_URL: databaseUrl, CHECKPOINT_DISABLE: "1" },
    });
  } catch (error) {
    const output = (error as { stdout?: string; stderr?: string }).stdout ?? "";
    const reason = output.split("\n").find((line) => line.startsWith("Error")) ?? String(error);
    throw new Error(`migration failed: ${reason}`);
  }
  return { applied: pending };
}
