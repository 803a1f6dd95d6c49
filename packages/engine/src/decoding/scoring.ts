import * as tf from "@tensorflow/tfjs-core";

export interface LengthLimit {
  /** Output limit = floor(ratio * sourceTokens + extra), capped by the model's maxLength. */
  ratio: number;
  extra: number;
  /** Optional absolute cap on output tokens. */
  cap?: number;
}
export const defaultLengthLimit: LengthLimit = { ratio: 1.5, extra: 10 };

export function maxOutputLength(sourceTokens: number, modelMaxLength: number, limit: LengthLimit = defaultLengthLimit): number {
  const byRatio = Math.floor(limit.ratio * sourceTokens + limit.extra);
  return Math.max(1, Math.min(byRatio, limit.cap ?? Number.POSITIVE_INFINITY, modelMaxLength));
}

/** GNMT length penalty ((5 + length) / 6)^alpha; alpha 0 scores by raw log-probability. */
export function lengthPenalty(length: number, alpha: number): number {
  return Math.pow((5 + length) / 6, alpha);
}

/** The one scoring function greedy and beam search are compared with. `length` counts EOS if emitted. */
export function hypothesisScore(logProb: number, length: number, alpha: number): number {
  return logProb / lengthPenalty(Math.max(length, 1), alpha);
}

/**
 * Log-probabilities [rows, vocab] from logits. log-sum-exp comes from the softmax's row
 * maximum (max z - log max p), avoiding tf.logSoftmax's slow exp/log loops on wasm.
 */
export function logProbabilities(logits: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const logSumExp = tf.sub(tf.max(logits, -1, true), tf.log(tf.max(tf.softmax(logits), -1, true)));
    return tf.sub(logits, logSumExp) as tf.Tensor2D;
  });
}

export interface Hypothesis {
  /** Generated ids, without BOS and EOS. */
  tokens: number[];
  /** Sum of the log-probabilities of the generated ids (and EOS if emitted). */
  logProb: number;
  /** hypothesisScore(logProb, length, alpha). */
  score: number;
  /** False when the length limit cut the output before EOS. */
  finished: boolean;
}
