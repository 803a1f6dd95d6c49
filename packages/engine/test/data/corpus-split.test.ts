import { describe, expect, it } from "vitest";
import { splitBySourceHash } from "../../src/data/corpus-split.js";
import { corpusStats } from "../../src/data/corpus-stats.js";
import { hashString32 } from "../../src/data/string-hash.js";

const pairs = Array.from({ length: 4000 }, (_, i) => [
  { source: `sentence ${i}`, target: `phrase ${i}` },
  { source: `sentence ${i}`, target: `autre phrase ${i}` },
]).flat();

describe("splitBySourceHash", () => {
  it("is deterministic and keeps every pair exactly once", () => {
    const first = splitBySourceHash(pairs, { devFraction: 0.05, testFraction: 0.05 });
    const second = splitBySourceHash(pairs, { devFraction: 0.05, testFraction: 0.05 });
    expect(second).toEqual(first);
    expect(first.train.length + first.dev.length + first.test.length).toBe(pairs.length);
  });

  it("keeps all translations of one source in the same split", () => {
    const { train, dev, test } = splitBySourceHash(pairs, { devFraction: 0.1, testFraction: 0.1 });
    const sources = [train, dev, test].map((split) => new Set(split.map((pair) => pair.source)));
    for (const source of sources[1]!) expect(sources[0]!.has(source) || sources[2]!.has(source)).toBe(false);
    for (const source of sources[2]!) expect(sources[0]!.has(source)).toBe(false);
  });

  it("roughly honours the fractions and changes with the seed", () => {
    const split = splitBySourceHash(pairs, { devFraction: 0.1, testFraction: 0.2 });
    expect(split.dev.length / pairs.length).toBeGreaterThan(0.08);
    expect(split.dev.length / pairs.length).toBeLessThan(0.12);
    expect(split.test.length / pairs.length).toBeGreaterThan(0.18);
    expect(split.test.length / pairs.length).toBeLessThan(0.22);
    const reseeded = splitBySourceHash(pairs, { devFraction: 0.1, testFraction: 0.2, seed: 1 });
    expect(reseeded.test).not.toEqual(split.test);
  });

  it("rejects impossible fractions", () => {
    expect(() => splitBySourceHash(pairs, { devFraction: 0.6, testFraction: 0.5 })).toThrow(RangeError);
    expect(() => splitBySourceHash(pairs, { devFraction: -0.1, testFraction: 0 })).toThrow(RangeError);
  });

  it("hashes strings stably across runs", () => {
    expect(hashString32("")).toBe(hashString32(""));
    expect(hashString32("hello")).not.toBe(hashString32("hellp"));
    expect(hashString32("hello", 1)).not.toBe(hashString32("hello", 2));
  });
});

describe("corpusStats", () => {
  it("summarizes both sides", () => {
    const stats = corpusStats([
      { source: "a b", target: "x" },
      { source: "a b", target: "我们走吧。" },
      { source: "c d e f", target: "y z" },
    ]);
    expect(stats).toMatchObject({ pairs: 3, uniqueSources: 2, uniqueTargets: 3 });
    expect(stats.source).toEqual({ meanChars: 13 / 3, maxChars: 7, meanWords: 8 / 3, maxWords: 4, p95Words: 4 });
    expect(stats.target).toMatchObject({ maxChars: 5, maxWords: 2 });
  });

  it("handles an empty corpus", () => {
    expect(corpusStats([]).source).toEqual({ meanChars: 0, maxChars: 0, meanWords: 0, maxWords: 0, p95Words: 0 });
  });
});
