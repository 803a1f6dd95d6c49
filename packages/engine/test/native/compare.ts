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

/**
 * Runs `compute` on tfjs's cpu backend, the reference for every kernel the engine registers over
 * wasm (the wasm backend's own kernels have bugs of their own), then switches back. Both backends
 * must be initialised (useWasmBackend does), so the switch is synchronous. Input tensors move to
 * the cpu backend and back as they are read.
 */
export function onCpu<T>(compute: () => T): T {
  const previous = tf.getBackend();
  void tf.setBackend("cpu");
  try {
    return compute();
  } finally {
    void tf.setBackend(previous);
  }
}

/**
 * Asserts equal shapes, identical non-finite values (NaN, ±Infinity), and finite values within
 * 1e-4 relative (to the element, or to the tensor's RMS for elements near zero).
 */
export function expectClose(actual: tf.Tensor, expected: tf.Tensor): void {
  expect(actual.shape).toEqual(expected.shape);
  const a = actual.dataSync();
  const e = expected.dataSync();
  let sumSquares = 0;
  for (const value of e) if (Number.isFinite(value)) sumSquares += value * value;
  const rms = Math.sqrt(sumSquares / Math.max(1, e.length));
  let worst = 0;
  for (let i = 0; i < e.length; i++) {
    const [got, want] = [a[i]!, e[i]!];
    if (!Number.isFinite(want)) {
      expect(got, `element ${i}`).toBe(want);
      continue;
    }
    const error = Math.abs(got - want) / Math.max(Math.abs(want), rms, 1e-12);
    worst = Math.max(worst, Number.isNaN(error) ? Number.POSITIVE_INFINITY : error);
  }
  expect(worst).toBeLessThan(1e-4);
}

/** Deterministic pseudo-random normal tensor (tf.randomNormal with a seed). */
export function randomTensor(shape: number[], seed: number): tf.Tensor {
  return tf.randomNormal(shape, 0, 1, "float32", seed);
}
