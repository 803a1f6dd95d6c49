import * as tf from "@tensorflow/tfjs-core";
import { FUSED_LAYER_NORM, FUSED_LAYER_NORM_GRAD, hasFusedKernel } from "../../backend/fused-kernels.js";

const epsilon = 1e-5;

/** Sums over rows as ones[1, n] x M: a fast matmul instead of a slow leading-axis reduction on wasm. */
export function columnSums(m: tf.Tensor2D): tf.Tensor1D {
  return tf.reshape(tf.matMul(tf.ones([1, m.shape[0]]), m), [m.shape[1]]);
}

/**
 * Layer normalisation over the last axis of x [rows, features], with a hand-written
 * gradient: autodiff of the composed ops would record ~20 kernels per call instead of ~10.
 */
const layerNormWithGradient = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const [x, gamma, beta, save] = args as [tf.Tensor2D, tf.Tensor1D, tf.Tensor1D, tf.GradSaveFunc];
  const centered = tf.sub(x, tf.mean(x, -1, true));
  const inverseStd = tf.rsqrt(tf.add(tf.mean(tf.square(centered), -1, true), epsilon));
  const normalized = tf.mul(centered, inverseStd);
  save([normalized, inverseStd, gamma]);
  const gradFunc = (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]): tf.Tensor[] => {
    const [xHat, invStd, g] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D];
    const upstream = dy as tf.Tensor2D;
    const dxHat = tf.mul(upstream, g);
    const projection = tf.mul(xHat, tf.mean(tf.mul(dxHat, xHat), -1, true));
    const dx = tf.mul(invStd, tf.sub(tf.sub(dxHat, tf.mean(dxHat, -1, true)), projection));
    return [dx, columnSums(tf.mul(upstream, xHat)), columnSums(upstream)];
  };
  return { value: tf.add(tf.mul(normalized, gamma), beta), gradFunc };
});

/** The same function as one native kernel per direction (see backend/fused-kernels.ts). */
const fusedLayerNorm = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const [x, gamma, beta, save] = args as [tf.Tensor2D, tf.Tensor1D, tf.Tensor1D, tf.GradSaveFunc];
  const [y, xHat, invStd] = tf.engine().runKernel(FUSED_LAYER_NORM, { x, gamma, beta }, { epsilon }) as tf.Tensor[];
  save([xHat!, invStd!, gamma]);
  const gradFunc = (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]): tf.Tensor[] => {
    const [savedXHat, savedInvStd, savedGamma] = saved as [tf.Tensor2D, tf.Tensor1D, tf.Tensor1D];
    return tf.engine().runKernel(FUSED_LAYER_NORM_GRAD, { dy: dy as tf.Tensor, xHat: savedXHat, invStd: savedInvStd, gamma: savedGamma }, {}) as tf.Tensor[];
  };
  return { value: y!, gradFunc };
});

export function layerNorm(x: tf.Tensor2D, gamma: tf.Tensor1D, beta: tf.Tensor1D): tf.Tensor2D {
  const implementation = hasFusedKernel(FUSED_LAYER_NORM) ? fusedLayerNorm : layerNormWithGradient;
  return implementation(x, gamma, beta) as tf.Tensor2D;
}
