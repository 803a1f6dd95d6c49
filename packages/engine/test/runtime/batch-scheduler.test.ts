import { describe, expect, it } from "vitest";
import { BatchScheduler } from "../../src/runtime/batch-scheduler.js";

function recordingScheduler(maxBatchItems: number, maxWaitMs: number, maxInFlight?: number, runMs = 0) {
  const batches: { key: string; items: number[] }[] = [];
  const scheduler = new BatchScheduler<string, number, string>(
    { maxBatchItems, maxWaitMs, maxInFlight },
    async (key, items) => {
      batches.push({ key, items });
      if (runMs > 0) await new Promise((resolve) => setTimeout(resolve, runMs));
      return items.map((item) => `${key}:${item}`);
    },
    (key) => key,
  );
  return { scheduler, batches };
}

describe("BatchScheduler", () => {
  it("merges concurrent requests for one key and hands each caller its own results in order", async () => {
    const { scheduler, batches } = recordingScheduler(100, 10);
    const [a, b, c] = await Promise.all([
      scheduler.submit("v1", [1, 2]),
      scheduler.submit("v1", [3]),
      scheduler.submit("v1", [4, 5, 6]),
    ]);
    expect(batches).toEqual([{ key: "v1", items: [1, 2, 3, 4, 5, 6] }]);
    expect(a).toEqual(["v1:1", "v1:2"]);
    expect(b).toEqual(["v1:3"]);
    expect(c).toEqual(["v1:4", "v1:5", "v1:6"]);
  });

  it("never mixes keys in one batch", async () => {
    const { scheduler, batches } = recordingScheduler(100, 5);
    await Promise.all([scheduler.submit("v1", [1]), scheduler.submit("v2", [2]), scheduler.submit("v1", [3])]);
    expect(batches.map((batch) => batch.key).sort()).toEqual(["v1", "v2"]);
    expect(batches.find((batch) => batch.key === "v1")!.items).toEqual([1, 3]);
  });

  it("sends a full batch at once and starts a new one rather than splitting a request", async () => {
    const { scheduler, batches } = recordingScheduler(4, 1_000);
    const started = Date.now();
    await Promise.all([scheduler.submit("v", [1, 2, 3]), scheduler.submit("v", [4, 5]), scheduler.submit("v", [6, 7])]);
    expect(batches.map((batch) => batch.items)).toEqual([[1, 2, 3], [4, 5, 6, 7]]);
    expect(Date.now() - started).toBeLessThan(500);
  });

  it("sends a lone request after maxWaitMs and reports the queue depth meanwhile", async () => {
    const { scheduler, batches } = recordingScheduler(10, 20);
    const pending = scheduler.submit("v", [1, 2]);
    expect(scheduler.queueDepth).toBe(2);
    expect(batches).toHaveLength(0);
    await pending;
    expect(batches).toHaveLength(1);
    expect(scheduler.queueDepth).toBe(0);
  });

  it("with room in flight, sends a lone request at once, and merges requests submitted in the same turn", async () => {
    const { scheduler, batches } = recordingScheduler(10, 10_000, 1);
    const started = Date.now();
    await Promise.all([scheduler.submit("v", [1]), scheduler.submit("v", [2])]);
    expect(batches.map((batch) => batch.items)).toEqual([[1, 2]]);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it("while a batch runs, gathers arrivals into the next batch and sends it when the running one finishes", async () => {
    const { scheduler, batches } = recordingScheduler(10, 10_000, 1, 50);
    const first = scheduler.submit("v", [1]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches.map((batch) => batch.items)).toEqual([[1]]);
    const later = [scheduler.submit("v", [2]), scheduler.submit("v", [3])];
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(batches).toHaveLength(1);
    expect(scheduler.queueDepth).toBe(2);
    const started = Date.now();
    await Promise.all([first, ...later]);
    expect(batches.map((batch) => batch.items)).toEqual([[1], [2, 3]]);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it("sends batches of different keys at once while fewer than maxInFlight run", async () => {
    const { scheduler, batches } = recordingScheduler(10, 10_000, 2, 50);
    const pending = [scheduler.submit("v1", [1]), scheduler.submit("v2", [2]), scheduler.submit("v3", [3])];
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(batches.map((batch) => batch.key)).toEqual(["v1", "v2"]);
    await Promise.all(pending);
    expect(batches.map((batch) => batch.key)).toEqual(["v1", "v2", "v3"]);
  });

  it("rejects every request of a failed batch", async () => {
    const scheduler = new BatchScheduler<string, number, number>(
      { maxBatchItems: 10, maxWaitMs: 1 },
      async () => {
        throw new Error("engine down");
      },
      (key) => key,
    );
    const results = await Promise.allSettled([scheduler.submit("v", [1]), scheduler.submit("v", [2])]);
    expect(results.map((result) => result.status)).toEqual(["rejected", "rejected"]);
  });
});
