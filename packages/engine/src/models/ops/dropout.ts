import * as tf from "@tensorflow/tfjs-core";
import type { TrainingContext } from "../seq2seq-model.js";

/**
 * Inverted dropout with masks drawn from the training context's seeded generator (so runs
 * are reproducible and resumable). Identity when not training or rate is 0.
 */
export function dropout(x: tf.Tensor, rate: number, training: TrainingContext | undefined): tf.Tensor {
  if (training === undefined || rate <= 0) return x;
  const keep = 1 - rate;
  const scale = 1 / keep;
  const mask = new Float32Array(x.size);
  const random = training.random;
  for (let i = 0; i < mask.length; i++) mask[i] = random.next() < keep ? scale : 0;
  return tf.mul(x, tf.tensor(mask, x.shape));
}
