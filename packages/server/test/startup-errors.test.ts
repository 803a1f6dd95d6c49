import { execFile } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { createGateway } from "../src/app/create-gateway.js";
import { loadConfig } from "../src/config/env.js";
import { createLogger } from "../src/logging/logger.js";
import { repoRoot } from "../src/paths.js";
import { createTestDatabase } from "../../../test/support/database.js";
import { createEngineRuntimeAdapter } from "../src/engine/engine-runtime-adapter.js";

const run = promisify(execFile);
const tsx = path.join(repoRoot, "node_modules", ".bin", "tsx");
const main = path.join(repoRoot, "packages", "server", "src", "main.ts");

/** Runs `pnpm start`'s entry point and returns its exit code and stderr. */
async function start(env: Record<string, string>): Promise<{ code: number; stderr: string }> {
  try {
    await run(tsx, [main], { env: { PATH: process.env.PATH, LOG_LEVEL: "silent", ...env }, timeout: 30_000 });
    return { code: 0, stderr: "" };
  } catch (error) {
    const failure = error as { code: number; stderr: string };
    return { code: failure.code, stderr: failure.stderr };
  }
}

describe("start-up failures are one line, no stack trace", () => {
  it.each([
    ["a malformed DATABASE_URL", { DATABASE_URL: "mysql://nope" }, /^parley: DATABASE_URL=.*is invalid/],
    ["an unreachable database", { DATABASE_URL: "postgresql://nobody@127.0.0.1:1/none" }, /^parley: cannot reach the database/],
    // A regular file where a folder is needed: unwritable even for root.
    ["an unwritable data folder", { PARLEY_DATA_DIR: path.join(repoRoot, "package.json", "data") }, /^parley: data folder .* is not writable/],
    ["a bad PORT", { PORT: "http" }, /^parley: PORT="http" is invalid/],
    // Engine settings: each worker would fail to start and be restarted (issue 12, item 11).
    ["an unknown PARLEY_BACKEND", { PARLEY_BACKEND: "bogus" }, /^parley: PARLEY_BACKEND="bogus" is invalid/],
    ["a bad PARLEY_NATIVE", { PARLEY_NATIVE: "yes" }, /^parley: PARLEY_NATIVE="yes" is invalid/],
    ["a bad PARLEY_BLAS_THREADS", { PARLEY_BLAS_THREADS: "0" }, /^parley: PARLEY_BLAS_THREADS="0" is invalid/],
  ])("%s", async (_name, env, message) => {
    const { code, stderr } = await start(env);
    expect(code).toBe(1);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr.trim()).toMatch(message);
  });

  it("a port in use is a StartupError naming the port", async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", () => resolve()));
    const port = (blocker.address() as net.AddressInfo).port;
    const db = await createTestDatabase();
    const engine = await createEngineRuntimeAdapter({ maxBatchSize: 8, maxWaitMs: 1 });
    const gateway = await createGateway({
      config: loadConfig({ DATABASE_URL: db.url, LOG_LEVEL: "silent" }),
      logger: createLogger("silent"),
      prisma: db.prisma,
      engine,
    });
    try {
      await expect(gateway.start(port, "127.0.0.1")).rejects.toThrow(`port ${port} is in use`);
    } finally {
      await gateway.stop();
      await engine.close();
      blocker.close();
      await db.drop();
    }
  });
});
