import { describe, expect, it } from "vitest";
import { makeBatches, padSequences, type TokenPair } from "../../src/data/batching.js";
import { seededRandom, shuffleInPlace } from "../../src/data/seeded-random.js";

function randomExamples(count: number, seed: number): TokenPair[] {
  const random = seededRandom(seed);
  const sequence = (): number[] => Array.from({ length: 1 + Math.floor(random() * 40) }, () => 4 + Math.floor(random() * 100));
  return Array.from({ length: count }, () => ({ src: sequence(), tgt: sequence() }));
}

describe("makeBatches", () => {
  const examples = randomExamples(1000, 5);
  const batches = makeBatches(examples, { maxTokens: 400, seed: 1, padId: 0 });

  it("uses every example exactly once", () => {
    const indices = batches.flatMap((batch) => batch.indices).sort((a, b) => a - b);
    expect(indices).toEqual(examples.map((_, index) => index));
  });

  it("respects the padded-token budget", () => {
    for (const batch of batches) {
      const width = Math.max(batch.src[0]!.length, batch.tgt[0]!.length);
      expect(batch.src.length * width).toBeLessThanOrEqual(400);
    }
  });

  it("pads every row to the batch maximum with padId and records the true lengths", () => {
    for (const batch of batches) {
      const srcWidth = Math.max(...batch.srcLengths);
      const tgtWidth = Math.max(...batch.tgtLengths);
      batch.indices.forEach((exampleIndex, row) => {
        const example = examples[exampleIndex]!;
        expect(batch.src[row]).toEqual([...example.src, ...Array(srcWidth - example.src.length).fill(0)]);
        expect(batch.tgt[row]).toEqual([...example.tgt, ...Array(tgtWidth - example.tgt.length).fill(0)]);
        expect(batch.srcLengths[row]).toBe(example.src.length);
        expect(batch.tgtLengths[row]).toBe(example.tgt.length);
      });
    }
  });

  it("groups similar lengths so padding stays small", () => {
    let real = 0;
    let padded = 0;
    for (const batch of batches) {
      real += batch.srcLengths.reduce((sum, length) => sum + length, 0);
      padded += batch.src.length * batch.src[0]!.length;
    }
    expect(real / padded).toBeGreaterThan(0.6);
  });

  it("is reproducible for a seed and differs across seeds", () => {
    const again = makeBatches(examples, { maxTokens: 400, seed: 1 });
    expect(again.map((batch) => batch.indices)).toEqual(batches.map((batch) => batch.indices));
    const other = makeBatches(examples, { maxTokens: 400, seed: 2 });
    expect(other.map((batch) => batch.indices)).not.toEqual(batches.map((batch) => batch.indices));
  });

  it("caps rows with maxSentences and keeps oversized examples in a batch of their own", () => {
    const capped = makeBatches(examples, { maxTokens: 100_000, maxSentences: 16, seed: 3 });
    for (const batch of capped) expect(batch.src.length).toBeLessThanOrEqual(16);
    const long = { src: Array(50).fill(5), tgt: [6] };
    const withLong = makeBatches([long, { src: [7], tgt: [8] }], { maxTokens: 10, seed: 0, shuffle: false });
    expect(withLong.map((batch) => batch.indices)).toEqual([[1], [0]]);
  });

  it("rejects a non-positive budget", () => {
    expect(() => makeBatches(examples, { maxTokens: 0 })).toThrow(RangeError);
  });
});

describe("padSequences and seededRandom", () => {
  it("pads right to the longest or a given length", () => {
    expect(padSequences([[1, 2], [3]], 0)).toEqual([[1, 2], [3, 0]]);
    expect(padSequences([[1]], 9, 3)).toEqual([[1, 9, 9]]);
    expect(() => padSequences([[1, 2, 3]], 0, 2)).toThrow(RangeError);
  });

  it("produces the same sequence for the same seed, in [0, 1)", () => {
    const a = seededRandom(123);
    const b = seededRandom(123);
    const values = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(values);
    expect(values.every((value) => value >= 0 && value < 1)).toBe(true);
    expect(new Set(values).size).toBe(1000);
    expect(shuffleInPlace([1, 2, 3, 4, 5], seededRandom(1)).sort()).toEqual([1, 2, 3, 4, 5]);
  });
});
