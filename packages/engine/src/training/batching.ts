import * as tf from "@tensorflow/tfjs-core";
import { decoderInput, decoderTarget, sourceSequence, PAD_ID } from "../models/special-tokens.js";
import type { SeededRandom } from "../models/seeded-random.js";

/** A training example as token ids, without BOS/EOS. */
export interface TokenPair { source: number[]; target: number[] }

export interface TensorBatch {
  src: tf.Tensor2D;
  tgtIn: tf.Tensor2D;
  tgtOut: tf.Tensor1D;
  targetTokens: number;
  dispose(): void;
}

/** Pads sequences on the right with PAD to [count, maxLength] int32. */
export function padSequences(sequences: readonly (readonly number[])[]): tf.Tensor2D {
  const width = Math.max(1, ...sequences.map((s) => s.length));
  const values = new Int32Array(sequences.length * width).fill(PAD_ID);
  sequences.forEach((s, i) => values.set(s, i * width));
  return tf.tensor2d(values, [sequences.length, width], "int32");
}

export function toTensorBatch(pairs: readonly TokenPair[]): TensorBatch {
  const src = padSequences(pairs.map((p) => sourceSequence(p.source)));
  const tgtIn = padSequences(pairs.map((p) => decoderInput(p.target)));
  const tgtOut = tf.tidy(() => tf.reshape(padSequences(pairs.map((p) => decoderTarget(p.target))), [-1]) as tf.Tensor1D);
  const targetTokens = pairs.reduce((n, p) => n + p.target.length + 1, 0);
  return { src, tgtIn, tgtOut, targetTokens, dispose: () => tf.dispose([src, tgtIn, tgtOut]) };
}

/** Longest side of a pair as the model sees it (with BOS or EOS). */
export function pairLength(pair: TokenPair): number {
  return Math.max(pair.source.length, pair.target.length) + 1;
}

/**
 * Length-bucketed batches: examples sorted by length (random tie order), cut so that
 * batch size x longest example <= maxTokens, then batch order shuffled. Padding stays small
 * and every batch costs about the same.
 */
export function bucketBatches(pairs: readonly TokenPair[], maxTokens: number, random: SeededRandom): TokenPair[][] {
  const keyed = pairs.map((pair) => ({ pair, length: pairLength(pair), tie: random.next() }));
  keyed.sort((a, b) => a.length - b.length || a.tie - b.tie);
  const batches: TokenPair[][] = [];
  let current: TokenPair[] = [];
  let longest = 0;
  for (const { pair, length } of keyed) {
    const wouldBeLongest = Math.max(longest, length);
    if (current.length > 0 && wouldBeLongest * (current.length + 1) > maxTokens) {
      batches.push(current);
      current = [];
      longest = 0;
    }
    current.push(pair);
    longest = Math.max(longest, length);
  }
  if (current.length > 0) batches.push(current);
  return random.shuffle(batches);
}
