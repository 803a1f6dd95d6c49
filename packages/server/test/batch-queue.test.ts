import { describe, expect, it } from "vitest";
import { BatchQueue } from "../src/limits/batch-queue.js";

/** A write whose batches finish when told to, recording what each carried and how many ran at once. */
function gatedWrite() {
  const batches: number[][] = [];
  const gates: (() => void)[] = [];
  let running = 0;
  let mostAtOnce = 0;
  const write = async (items: number[]) => {
    batches.push(items);
    running += 1;
    mostAtOnce = Math.max(mostAtOnce, running);
    await new Promise<void>((resolve) => gates.push(resolve));
    running -= 1;
    return items.map((item) => item * 10);
  };
  const openNext = async () => {
    await new Promise((resolve) => setImmediate(resolve));
    gates.shift()?.();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { write, batches, openNext, mostAtOnce: () => mostAtOnce };
}

describe("BatchQueue (group commit)", () => {
  it("a lone item goes at once; items submitted while batches run go together in the next batch", async () => {
    const gated = gatedWrite();
    const queue = new BatchQueue(gated.write);
    const first = queue.submit(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(gated.batches).toEqual([[1]]);
    const second = queue.submit(2); // a second batch may be in flight
    await new Promise((resolve) => setImmediate(resolve));
    const waiting = [3, 4, 5].map((item) => queue.submit(item));
    await new Promise((resolve) => setImmediate(resolve));
    expect(gated.batches).toEqual([[1], [2]]);
    await gated.openNext();
    expect(gated.batches).toEqual([[1], [2], [3, 4, 5]]);
    await gated.openNext();
    await gated.openNext();
    expect(await Promise.all([first, second, ...waiting])).toEqual([10, 20, 30, 40, 50]);
    expect(gated.mostAtOnce()).toBe(2);
    expect(queue.idle).toBe(true);
  });

  it("never has more than `concurrency` batches in flight, and honours maxBatch", async () => {
    const gated = gatedWrite();
    const queue = new BatchQueue(gated.write, { concurrency: 1, maxBatch: 2 });
    const outcomes = [1, 2, 3, 4, 5].map((item) => queue.submit(item));
    for (let round = 0; round < 4; round += 1) await gated.openNext();
    expect(await Promise.all(outcomes)).toEqual([10, 20, 30, 40, 50]);
    expect(gated.batches).toEqual([[1, 2], [3, 4], [5]]);
    expect(gated.mostAtOnce()).toBe(1);
  });

  it("a batch that throws rejects each of its items, and later batches still run", async () => {
    let calls = 0;
    const queue = new BatchQueue<number, number>(async (items) => {
      calls += 1;
      if (calls === 1) throw new Error("statement failed");
      return items;
    });
    const failed = queue.submit(1);
    await expect(failed).rejects.toThrow("statement failed");
    await expect(queue.submit(2)).resolves.toBe(2);
  });
});
