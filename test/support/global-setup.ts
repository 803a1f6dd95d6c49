import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { createLogger, type EmbeddedServer, listMigrations, migrateDatabase, startEmbeddedPostgres } from "@parley/server";
import { repoRoot, withDatabase } from "@parley/server/testing";
import { freePort } from "./free-port.js";

/**
 * Once per test run: picks the PostgreSQL server (DATABASE_URL's, else an
 * embedded one), and migrates a template database that each test file clones
 * (CREATE DATABASE ... TEMPLATE), so files run in parallel on their own data.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const shared = (globalThis.__parleyTestPostgres ??= { users: 0, ready: preparePostgres() });
  shared.users++;
  const { serverUrl, template } = await shared.ready;
  project.provide("pgServerUrl", serverUrl);
  project.provide("pgTemplate", template);
  return async () => {
    // Every vitest project runs this setup; the last one to finish stops the server.
    if (--shared.users === 0) await (await shared.ready).embedded?.stop();
  };
}

interface PreparedPostgres {
  serverUrl: string;
  template: string;
  embedded?: EmbeddedServer;
}

async function preparePostgres(): Promise<PreparedPostgres> {
  let embedded: EmbeddedServer | undefined;
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const dataDir = path.join(repoRoot, ".parley", "test");
    embedded = await startEmbeddedPostgres(dataDir, await freePort(), createLogger("warn"));
    serverUrl = embedded.serverUrl;
  }
  const template = `parley_template_${await migrationsHash()}`;
  await ensureTemplate(serverUrl, template);
  return { serverUrl, template, embedded };
}

async function migrationsHash(): Promise<string> {
  const hash = createHash("sha256");
  for (const name of await listMigrations()) {
    hash.update(name);
    hash.update(await readFile(path.join(repoRoot, "prisma", "migrations", name, "migration.sql")));
  }
  return hash.digest("hex").slice(0, 12);
}

async function ensureTemplate(serverUrl: string, template: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    const { rowCount } = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [template]);
    if (rowCount) return;
    // Built under a temporary name and renamed, so a crash never leaves a half-migrated template.
    const building = `${template}_building_${process.pid}`;
    await admin.query(`CREATE DATABASE "${building}"`);
    await migrateDatabase(withDatabase(serverUrl, building));
    await admin.query(`ALTER DATABASE "${building}" RENAME TO "${template}"`);
  } finally {
    await admin.end();
  }
}

declare global {
  // Shared by the setups of all vitest projects, which run in one process.
  var __parleyTestPostgres: { users: number; ready: Promise<PreparedPostgres> } | undefined;
}

declare module "vitest" {
  export interface ProvidedContext {
    pgServerUrl: string;
    pgTemplate: string;
  }
}
