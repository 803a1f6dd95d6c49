import { describe, it, expect } from "vitest";
import { SeededRandom } from "../../src/util/seeded-random.js";

describe("SeededRandom", () => {
  it("produces the same sequence for the same seed, in [0, 1)", () => {
    const a = new SeededRandom(123);
    const b = new SeededRandom(123);
    const values = Array.from({ length: 1000 }, () => a.next());
    expect(Array.from({ length: 1000 }, () => b.next())).toEqual(values);
    expect(values.every((value) => value >= 0 && value < 1)).toBe(true);
    expect(new Set(values).size).toBe(1000);
    expect(new SeededRandom(1).shuffle([1, 2, 3, 4, 5]).sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it("continues exactly from a saved state", () => {
    const random = new SeededRandom(7);
    random.next();
    const resumed = new SeededRandom(random.state);
    expect(Array.from({ length: 10 }, () => resumed.nextUint32())).toEqual(Array.from({ length: 10 }, () => random.nextUint32()));
  });
});
