import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { listMigrations, migrateDatabase } from "@parley/server";
import { createScratchDatabase, repoRoot, type ScratchDatabase } from "@parley/server/testing";

const run = promisify(execFile);

describe("migrateDatabase on an empty database", () => {
  let database: ScratchDatabase;
  beforeAll(async () => {
    database = await createScratchDatabase(inject("pgServerUrl"), { prefix: "parley_migrate" });
  });
  afterAll(async () => {
    await database.drop();
  });

  it("applies every migration once in a few seconds, even from two gateways at once, then finds nothing pending at once", async () => {
    const started = performance.now();
    const [first, second] = await Promise.all([migrateDatabase(database.url), migrateDatabase(database.url)]);
    const firstSeconds = (performance.now() - started) / 1000;
    expect([...first.applied, ...second.applied].sort()).toEqual(await listMigrations());
    expect(firstSeconds).toBeLessThan(5);

    const again = performance.now();
    expect(await migrateDatabase(database.url)).toEqual({ applied: [] });
    expect(performance.now() - again).toBeLessThan(500);

    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const { rows } = await client.query(`SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL`);
    await client.end();
    expect(rows.map((row) => row.migration_name).sort()).toEqual(await listMigrations());
  });

  it("leaves a database the Prisma CLI sees as up to date (same checksums and bookkeeping)", async () => {
    const prisma = path.join(repoRoot, "node_modules", ".bin", "prisma");
    const { stdout } = await run(prisma, ["migrate", "status"], {
      cwd: repoRoot,
      env: { ...process.env, DATABASE_URL: database.url, CHECKPOINT_DISABLE: "1" },
    });
    expect(stdout).toContain("Database schema is up to date");
  }, 60_000);
});
