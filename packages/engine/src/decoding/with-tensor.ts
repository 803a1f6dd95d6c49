import type * as tf from "@tensorflow/tfjs-core";

/**
 * Runs fn with a temporary tensor and disposes it after. Used around model calls whose
 * results must outlive the call (so they cannot run inside tf.tidy).
 */
export function withTensor<T extends tf.Tensor, R>(tensor: T, fn: (t: T) => R): R {
  try {
    return fn(tensor);
  } finally {
    tensor.dispose();
  }
}
