import * as tf from "@tensorflow/tfjs-core";
import { expect } from "vitest";
import { registerNativeKernels, unregisterNativeKernels } from "../../src/backend/native-kernels.js";

/** Runs `compute` with the wasm backend's own kernels, then puts the native ones back. */
export function withOriginalKernels<T>(compute: () => T): T {
  unregisterNativeKernels();
  try {
    return compute();
  } finally {
    registerNativeKernels();
  }
}

/** Asserts equal shapes and values within 1e-4 relative (to the element, or the tensor's RMS for tiny elements). */
export function expectClose(actual: tf.Tensor, expected: tf.Tensor): void {
  expect(actual.shape).toEqual(expected.shape);
  const a = actual.dataSync();
  const e = expected.dataSync();
  let sumSquares = 0;
  for (const value of e) sumSquares += value * value;
  const rms = Math.sqrt(sumSquares / Math.max(1, e.length));
  let worst = 0;
  for (let i = 0; i < e.length; i++) {
    const scale = Math.max(Math.abs(e[i]!), rms, 1e-12);
    worst = Math.max(worst, Math.abs(a[i]! - e[i]!) / scale);
  }
  expect(Number.isNaN(worst) ? Number.POSITIVE_INFINITY : worst).toBeLessThan(1e-4);
}

/** Deterministic pseudo-random normal tensor (tf.randomNormal with a seed). */
export function randomTensor(shape: number[], seed: number): tf.Tensor {
  return tf.randomNormal(shape, 0, 1, "float32", seed);
}
