import * as tf from "@tensorflow/tfjs-core";
import { FUSED_DROPOUT, hasFusedKernel } from "../../backend/fused-kernels.js";
import type { TrainingContext } from "../seq2seq-model.js";

/**
 * Inverted dropout whose masks come from the training context's seeded generator, so runs are
 * reproducible and resumable. With the native kernel the generator gives one seed per call and
 * the mask is hashed from it; otherwise it draws every element here. Identity when not training
 * or rate is 0.
 */
export function dropout(x: tf.Tensor, rate: number, training: TrainingContext | undefined): tf.Tensor {
  if (training === undefined || rate <= 0) return x;
  if (x.dtype === "float32" && hasFusedKernel(FUSED_DROPOUT)) return hashedDropout(x, rate, training.random.nextUint32());
  const keep = 1 - rate;
  const scale = 1 / keep;
  const mask = new Float32Array(x.size);
  const random = training.random;
  for (let i = 0; i < mask.length; i++) mask[i] = random.next() < keep ? scale : 0;
  return tf.mul(x, tf.tensor(mask, x.shape));
}

function hashedDropout(x: tf.Tensor, rate: number, seed: number): tf.Tensor {
  const apply = (input: tf.Tensor) => tf.engine().runKernel(FUSED_DROPOUT, { x: input }, { rate, seed }) as tf.Tensor;
  const withGradient = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const input = args[0] as tf.Tensor;
    return { value: apply(input), gradFunc: (dy: tf.Tensor | tf.Tensor[]) => [apply(dy as tf.Tensor)] };
  });
  return withGradient(x);
}
