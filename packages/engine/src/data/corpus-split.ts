/**
 * Deterministic train/dev/test split keyed on the source sentence, so every translation of one source sentence
 * lands in the same split and dev/test never share a source with train.
 */
import { hashString32 } from "./string-hash.js";

export interface SplitOptions {
  devFraction: number;
  testFraction: number;
  /** Changes the assignment while keeping it deterministic (default 0). */
  seed?: number;
}

export interface CorpusSplits<T> {
  train: T[];
  dev: T[];
  test: T[];
}

export function splitBySourceHash<T extends { source: string }>(
  pairs: readonly T[],
  options: SplitOptions,
): CorpusSplits<T> {
  const { devFraction, testFraction } = options;
  if (!(devFraction >= 0 && testFraction >= 0 && devFraction + testFraction <= 1)) {
    throw new RangeError("devFraction and testFraction must be >= 0 and sum to at most 1");
  }
  const splits: CorpusSplits<T> = { train: [], dev: [], test: [] };
  for (const pair of pairs) {
    const position = hashString32(pair.source, options.seed ?? 0) / 2 ** 32;
    if (position < testFraction) splits.test.push(pair);
    else if (position < testFraction + devFraction) splits.dev.push(pair);
    else splits.train.push(pair);
  }
  return splits;
}
