import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { createLogger, createTranslationEngine, loadConfig } from "@parley/server";
import { engineWorkerMainScript, repoRoot } from "@parley/server/testing";

const run = promisify(execFile);
const tsx = path.join(repoRoot, "node_modules", ".bin", "tsx");
const workerMain = engineWorkerMainScript;

/** Runs `pnpm engine-worker`'s entry point and returns its exit code and stderr. */
async function startWorker(env: Record<string, string>): Promise<{ code: number; stderr: string }> {
  try {
    await run(tsx, [workerMain], { env: { PATH: process.env.PATH, LOG_LEVEL: "silent", ...env }, timeout: 30_000 });
    return { code: 0, stderr: "" };
  } catch (error) {
    const failure = error as { code: number; stderr: string };
    return { code: failure.code, stderr: failure.stderr };
  }
}

describe("scale-out start-up failures are one line", () => {
  it.each([
    ["no NATS_URL", {}, /^parley engine worker: the engine worker needs NATS_URL/],
    ["a malformed NATS_URL", { NATS_URL: "http://127.0.0.1:4222" }, /^parley engine worker: NATS_URL=.*is invalid/],
    ["an unreachable NATS", { NATS_URL: "nats://127.0.0.1:1" }, /^parley engine worker: cannot connect to NATS at nats:\/\/127\.0\.0\.1:1/],
    ["a malformed subject", { NATS_URL: "nats://127.0.0.1:4222", PARLEY_NATS_SUBJECT: "a b" }, /^parley engine worker: PARLEY_NATS_SUBJECT=/],
  ])("engine worker with %s", async (_name, env, message) => {
    const { code, stderr } = await startWorker(env);
    expect(code).toBe(1);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr.trim()).toMatch(message);
  });

  it("a gateway with an unreachable NATS_URL fails to start naming it", async () => {
    const config = loadConfig({ NATS_URL: "nats://127.0.0.1:1", LOG_LEVEL: "silent" });
    await expect(createTranslationEngine(config, createLogger("silent"))).rejects.toThrow("cannot connect to NATS at nats://127.0.0.1:1");
  });
});
