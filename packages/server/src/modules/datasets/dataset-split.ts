import { splitBySourceHash, type CorpusSplits } from "@parley/engine/data";

/** Dev and test each hold about this many pairs, and at most a tenth of the dataset. */
const HELD_OUT_TARGET = 2000;
const HELD_OUT_MAX_FRACTION = 0.1;

/**
 * The dev and test fractions of a dataset of `pairCount` pairs. A function of
 * the count alone, so upload (counts) and training (the split itself) agree.
 */
export function heldOutFraction(pairCount: number): number {
  if (pairCount <= 0) return 0;
  return Math.min(HELD_OUT_MAX_FRACTION, HELD_OUT_TARGET / pairCount);
}

/**
 * Splits a dataset's pairs into train/dev/test by a hash of the source
 * sentence: deterministic, and every translation of one source sentence stays
 * in one split, so test never shares a source sentence with train.
 */
export function splitDataset<T extends { source: string }>(pairs: readonly T[]): CorpusSplits<T> {
  const fraction = heldOutFraction(pairs.length);
  return splitBySourceHash(pairs, { devFraction: fraction, testFraction: fraction });
}
