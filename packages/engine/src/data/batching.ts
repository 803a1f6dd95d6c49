/**
 * Length-bucketed batching for training: examples of similar length go together (little padding), each batch
 * stays within a padded-token budget, and the batch order is shuffled reproducibly from a seed.
 */
import { seededRandom, shuffleInPlace } from "./seeded-random.js";

export interface TokenPair {
  src: readonly number[];
  tgt: readonly number[];
}

export interface Batch {
  /** Source rows padded to the batch's longest source. */
  src: number[][];
  /** Target rows padded to the batch's longest target. */
  tgt: number[][];
  srcLengths: number[];
  tgtLengths: number[];
  /** Index of each row's example in the input array. */
  indices: number[];
}

export interface BatchOptions {
  /** Budget per batch: rows * max(longest source, longest target) <= maxTokens. */
  maxTokens: number;
  /** Optional cap on rows per batch. */
  maxSentences?: number;
  padId?: number;
  seed?: number;
  /** Shuffle the batch order (default true). Rows are always grouped by length. */
  shuffle?: boolean;
}

/**
 * Groups examples into batches. An example longer than the budget on its own still gets a batch of one, so no
 * data is dropped silently; filter by length beforehand to avoid that.
 */
export function makeBatches(examples: readonly TokenPair[], options: BatchOptions): Batch[] {
  const { maxTokens } = options;
  const maxSentences = options.maxSentences ?? Number.POSITIVE_INFINITY;
  if (!(maxTokens >= 1) || !(maxSentences >= 1)) throw new RangeError("maxTokens and maxSentences must be >= 1");
  const random = seededRandom(options.seed ?? 0);
  const width = (index: number): number => Math.max(examples[index]!.src.length, examples[index]!.tgt.length);

  // Shuffle first so equal-length examples are grouped differently per seed; the sort is stable.
  const order = shuffleInPlace(Array.from(examples.keys()), random).sort((a, b) => width(a) - width(b));
  const groups: number[][] = [];
  let group: number[] = [];
  let groupWidth = 0;
  for (const index of order) {
    const nextWidth = Math.max(groupWidth, width(index));
    const fits = (group.length + 1) * nextWidth <= maxTokens && group.length + 1 <= maxSentences;
    if (group.length > 0 && !fits) {
      groups.push(group);
      group = [];
    }
    group.push(index);
    groupWidth = group.length === 1 ? width(index) : nextWidth;
  }
  if (group.length > 0) groups.push(group);
  if (options.shuffle ?? true) shuffleInPlace(groups, random);

  const padId = options.padId ?? 0;
  return groups.map((indices) => ({
    src: padSequences(indices.map((index) => examples[index]!.src), padId),
    tgt: padSequences(indices.map((index) => examples[index]!.tgt), padId),
    srcLengths: indices.map((index) => examples[index]!.src.length),
    tgtLengths: indices.map((index) => examples[index]!.tgt.length),
    indices,
  }));
}

/** Right-pads every sequence with padId to `length` (default: the longest). */
export function padSequences(sequences: readonly (readonly number[])[], padId: number, length?: number): number[][] {
  const target = length ?? sequences.reduce((longest, sequence) => Math.max(longest, sequence.length), 0);
  return sequences.map((sequence) => {
    if (sequence.length > target) throw new RangeError(`sequence of length ${sequence.length} exceeds ${target}`);
    return [...sequence, ...new Array<number>(target - sequence.length).fill(padId)];
  });
}
