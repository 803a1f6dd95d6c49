import * as tf from "@tensorflow/tfjs-core";
import type { Seq2SeqModel, TrainingContext } from "../models/seq2seq-model.js";
import { labelSmoothedCrossEntropy } from "./loss.js";
import type { FlatAdam } from "./flat-adam.js";
import { toTensorBatch, type TokenPair } from "./batching.js";

export interface StepResult { loss: number; gradientNorm: number; targetTokens: number }

/** One teacher-forced optimisation step. Leaves no tensors behind. */
export function trainStep(
  model: Seq2SeqModel, optimizer: FlatAdam, pairs: readonly TokenPair[], learningRate: number, labelSmoothing: number,
  training: TrainingContext,
): StepResult {
  const batch = toTensorBatch(pairs);
  try {
    const variables = model.parameters.variables;
    let loss = 0;
    let gradientNorm = 0;
    tf.tidy(() => {
      const { value, grads } = tf.variableGrads(
        () => labelSmoothedCrossEntropy(model.forwardTrain(batch.src, batch.tgtIn, training), batch.tgtOut, labelSmoothing),
        variables,
      );
      const norm = optimizer.apply(variables.map((v) => grads[v.name]!), learningRate);
      loss = value.dataSync()[0]!;
      gradientNorm = norm.dataSync()[0]!;
    });
    return { loss, gradientNorm, targetTokens: batch.targetTokens };
  } finally {
    batch.dispose();
  }
}

/** Mean per-token negative log-likelihood (no smoothing, no dropout) over the given batches. */
export function evaluateLoss(model: Seq2SeqModel, batches: readonly (readonly TokenPair[])[]): number {
  let total = 0;
  let tokens = 0;
  for (const pairs of batches) {
    const batch = toTensorBatch(pairs);
    try {
      const loss = tf.tidy(() => labelSmoothedCrossEntropy(model.forwardTrain(batch.src, batch.tgtIn), batch.tgtOut, 0).dataSync()[0]!);
      total += loss * batch.targetTokens;
      tokens += batch.targetTokens;
    } finally {
      batch.dispose();
    }
  }
  return tokens === 0 ? Number.NaN : total / tokens;
}
