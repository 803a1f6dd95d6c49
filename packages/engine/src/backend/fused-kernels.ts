// Kernels of the engine's own that exist only where a backend provides them (today: the native
// addon over wasm). Model code asks `hasFusedKernel` and otherwise composes tfjs ops.
import * as tf from "@tensorflow/tfjs-core";

/** Inputs x [rows, d], gamma [d], beta [d]; attr epsilon; outputs y [rows, d], xHat [rows, d], invStd [rows]. */
export const FUSED_LAYER_NORM = "ParleyLayerNorm";
/** Inputs dy [rows, d], xHat [rows, d], invStd [rows], gamma [d]; outputs dx [rows, d], dGamma [d], dBeta [d]. */
export const FUSED_LAYER_NORM_GRAD = "ParleyLayerNormGrad";

export function hasFusedKernel(name: string): boolean {
  return tf.getKernel(name, tf.getBackend()) !== undefined;
}
