import * as tf from "@tensorflow/tfjs-core";
import { FUSED_SOFTMAX_CROSS_ENTROPY, hasFusedKernel } from "../backend/fused-kernels.js";
import { PAD_ID } from "../models/special-tokens.js";

/**
 * Mean label-smoothed cross-entropy over non-pad targets, with a hand-written gradient
 * (softmax - smoothed one-hot): one native kernel where the backend has it, else composed ops.
 *
 * logits [n, vocab], targets int32 [n]. Returns a scalar; 0 when every target is padding.
 */
export function labelSmoothedCrossEntropy(logits: tf.Tensor2D, targets: tf.Tensor1D, smoothing: number): tf.Scalar {
  const weights = tf.cast(tf.notEqual(targets, PAD_ID), "float32");
  const rowWeights = tf.div(weights, tf.maximum(tf.sum(weights), 1)) as tf.Tensor1D;
  const implementation = hasFusedKernel(FUSED_SOFTMAX_CROSS_ENTROPY) ? fusedCrossEntropy : composedCrossEntropy;
  return implementation(logits, targets, rowWeights, smoothing);
}

function fusedCrossEntropy(logits: tf.Tensor2D, targets: tf.Tensor1D, rowWeights: tf.Tensor1D, smoothing: number): tf.Scalar {
  const lossWithGradient = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [z, save] = args as [tf.Tensor2D, tf.GradSaveFunc];
    const [perToken, gradient] = tf.engine().runKernel(FUSED_SOFTMAX_CROSS_ENTROPY, { logits: z, targets, rowWeights }, { smoothing }) as tf.Tensor[];
    save([gradient!]);
    const gradFunc = (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]): tf.Tensor[] => [tf.mul(saved[0]!, dy as tf.Scalar)];
    return { value: tf.sum(tf.mul(perToken!, rowWeights)), gradFunc };
  });
  return lossWithGradient(logits) as tf.Scalar;
}

/**
 * The same in tfjs ops. It avoids tf.logSoftmax, whose exp/log run as scalar loops on wasm
 * (~15x slower than the XNNPACK softmax): log-sum-exp is recovered from the softmax's row
 * maximum as max(z) - log(max(p)).
 */
function composedCrossEntropy(logits: tf.Tensor2D, targets: tf.Tensor1D, flatRowWeights: tf.Tensor1D, smoothing: number): tf.Scalar {
  const [rows, vocab] = logits.shape;
  const rowWeights = tf.reshape(flatRowWeights, [rows, 1]);
  const lossWithGradient = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [z, save] = args as [tf.Tensor2D, tf.GradSaveFunc];
    const probabilities = tf.softmax(z);
    const logSumExp = tf.sub(tf.max(z, -1), tf.log(tf.max(probabilities, -1)));
    const flatIndex = tf.add(tf.mul(tf.range(0, rows, 1, "int32"), tf.scalar(vocab, "int32")), targets);
    const targetLogit = tf.gather(tf.reshape(z, [rows * vocab]), flatIndex);
    const smoothedLogit = tf.add(tf.mul(targetLogit, 1 - smoothing), tf.mul(tf.mean(z, -1), smoothing));
    const perToken = tf.sub(logSumExp, smoothedLogit);
    // Everything the gradient needs goes through save(): tensors merely captured by the
    // closure are disposed when tf.variableGrads ends its forward scope.
    save([probabilities, rowWeights]);
    const value = tf.sum(tf.mul(perToken, tf.reshape(rowWeights, [rows])));
    const gradFunc = (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]): tf.Tensor[] => {
      const [p, savedRowWeights] = saved as [tf.Tensor2D, tf.Tensor2D];
      const smoothedTarget = tf.add(tf.mul(tf.oneHot(targets, vocab), 1 - smoothing), smoothing / vocab);
      return [tf.mul(tf.sub(p, smoothedTarget), tf.mul(savedRowWeights, dy as tf.Scalar))];
    };
    return { value, gradFunc };
  });
  return lossWithGradient(logits) as tf.Scalar;
}
