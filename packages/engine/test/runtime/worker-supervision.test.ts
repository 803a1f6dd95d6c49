import { afterEach, describe, expect, it } from "vitest";
import { EngineRuntime } from "../../src/runtime/engine-runtime.js";
import { EngineUnavailableError, restartDelayMs } from "../../src/runtime/worker-supervision.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let runtime: EngineRuntime | undefined;

afterEach(async () => {
  await runtime?.close();
  runtime = undefined;
  delete process.env.PARLEY_BACKEND;
});

// A worker that cannot start used to be respawned at once, forever (issue 12, item 11).
describe("engine worker supervision", { timeout: 180_000 }, () => {
  it("refuses an unknown PARLEY_BACKEND at once instead of starting workers that cannot start", () => {
    process.env.PARLEY_BACKEND = "bogus";
    expect(() => new EngineRuntime({ workers: 1 })).toThrow(/unknown backend "bogus"; expected one of tensorflow-gpu, tensorflow, wasm, cpu/);
  });

  it("doubles the restart delay with each failure in a row, up to the cap", () => {
    const options = { restartBaseDelayMs: 1000, restartMaxDelayMs: 60_000 };
    expect([1, 2, 3, 4, 5, 6, 7, 8, 100].map((failures) => restartDelayMs(failures, options)))
      .toEqual([1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000, 60_000]);
  });

  it("restarts a worker that does not start in time with backoff, reports it degraded, and fails its requests at once", async () => {
    runtime = new EngineRuntime({ workers: 1, supervision: { readyTimeoutMs: 1, restartBaseDelayMs: 200, restartMaxDelayMs: 800 } });
    await sleep(3000);
    const health = runtime.health();
    expect(health).toMatchObject({ status: "degraded", reason: "engine worker not ready within 1 ms" });
    // 3 s with delays of 200, 400, 800, 800 ms: a handful of attempts, not hundreds.
    expect(health.consecutiveFailures).toBeGreaterThanOrEqual(3);
    expect(health.consecutiveFailures).toBeLessThanOrEqual(7);
    const failure = await runtime.translate({ id: "v", artifactPath: "/nonexistent" }, ["hello"]).catch((error: Error) => error);
    expect(failure).toBeInstanceOf(EngineUnavailableError);
  });

  it("fails a batch that gets no answer in time, restarts its worker, and is ready again", async () => {
    runtime = new EngineRuntime({ workers: 1, supervision: { batchTimeoutMs: 1, restartBaseDelayMs: 50, restartMaxDelayMs: 50 } });
    await runtime.backend();
    expect(runtime.health()).toEqual({ status: "ready", consecutiveFailures: 0 });
    // The worker answers a missing model within about a millisecond, so the event loop is held for 5 ms once the
    // batch is sent (the scheduler sends it on the next turn): the 1 ms timer then fires before the answer is read.
    let failure: Error | undefined;
    for (let attempt = 0; attempt < 20 && !(failure instanceof EngineUnavailableError); attempt++) {
      const answer = runtime.translate({ id: "v", artifactPath: "/nonexistent" }, ["hello"]).then(() => undefined, (error: Error) => error);
      await new Promise((resolve) => setImmediate(resolve));
      const held = Date.now() + 5;
      while (Date.now() < held) { /* hold the event loop */ }
      failure = await answer;
    }
    expect(failure).toBeInstanceOf(EngineUnavailableError);
    expect(failure!.message).toBe("a batch got no answer within 1 ms");
    expect(runtime.health()).toMatchObject({ status: "degraded", consecutiveFailures: 1 });
    for (let waited = 0; runtime.health().status !== "ready" && waited < 120_000; waited += 100) await sleep(100);
    expect(runtime.health()).toEqual({ status: "ready", consecutiveFailures: 0 });
  });
});
