// Kernels of the engine's own that exist only where a backend provides them (today: the native
// addon over wasm). Model code asks `hasFusedKernel` and otherwise composes tfjs ops.
import * as tf from "@tensorflow/tfjs-core";

/** Inputs x [rows, d], gamma [d], beta [d]; attr epsilon; outputs y [rows, d], xHat [rows, d], invStd [rows]. */
export const FUSED_LAYER_NORM = "ParleyLayerNorm";
/** Inputs dy [rows, d], xHat [rows, d], invStd [rows], gamma [d]; outputs dx [rows, d], dGamma [d], dBeta [d]. */
export const FUSED_LAYER_NORM_GRAD = "ParleyLayerNormGrad";
/**
 * Inputs logits [rows, vocab], targets int32 [rows], rowWeights [rows]; attr smoothing; outputs the
 * per-row label-smoothed cross-entropy [rows] and its gradient times the row's weight [rows, vocab].
 */
export const FUSED_SOFTMAX_CROSS_ENTROPY = "ParleySoftmaxCrossEntropy";
/**
 * Inputs gradient, firstMoment, secondMoment [n]; attrs beta1, beta2, epsilon, correctedRate,
 * clipNorm; outputs the new moments [n], the update to subtract [n] and the pre-clip norm [].
 */
export const FUSED_ADAM = "ParleyAdam";
/**
 * Input x; attrs rate and seed (uint32); output x with elements zeroed at `rate` and the rest scaled
 * by 1 / (1 - rate), the mask a pure function of (seed, index): the gradient is the same kernel on dy.
 */
export const FUSED_DROPOUT = "ParleyDropout";

export function hasFusedKernel(name: string): boolean {
  return tf.getKernel(name, tf.getBackend()) !== undefined;
}
