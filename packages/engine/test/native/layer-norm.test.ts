import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-layers"; // its bundle registers the gradients of the tfjs-core ops
import { beforeAll, describe, expect, it } from "vitest";
import { FUSED_LAYER_NORM, hasFusedKernel } from "../../src/backend/fused-kernels.js";
import { registerNativeKernels } from "../../src/backend/native-kernels.js";
import { layerNorm } from "../../src/models/ops/layer-norm.js";
import { expectClose, randomTensor, withOriginalKernels } from "./compare.js";
import { useWasmBackend } from "./wasm-backend.js";

beforeAll(async () => {
  await useWasmBackend();
  registerNativeKernels();
});

/** A loss whose gradient reaches x, gamma and beta unevenly (weights differ per element). */
function weightedLoss(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, weights: tf.Tensor): tf.Scalar {
  return tf.sum(tf.mul(layerNorm(x as tf.Tensor2D, gamma as tf.Tensor1D, beta as tf.Tensor1D), weights));
}

describe("fused native layer norm", () => {
  it("is registered with the native kernels and removed with them", () => {
    expect(hasFusedKernel(FUSED_LAYER_NORM)).toBe(true);
    expect(withOriginalKernels(() => hasFusedKernel(FUSED_LAYER_NORM))).toBe(false);
  });

  it("matches the composed ops forward, including rows with a large mean", () => {
    const x = tf.add(randomTensor([37, 48], 1), tf.concat([tf.zeros([36, 48]), tf.fill([1, 48], 100)]));
    const gamma = randomTensor([48], 2);
    const beta = randomTensor([48], 3);
    const fused = layerNorm(x as tf.Tensor2D, gamma as tf.Tensor1D, beta as tf.Tensor1D);
    const composed = withOriginalKernels(() => layerNorm(x as tf.Tensor2D, gamma as tf.Tensor1D, beta as tf.Tensor1D));
    expectClose(fused, composed);
  });

  it("matches the composed ops' gradients for x, gamma and beta", () => {
    const inputs = [randomTensor([29, 64], 4), randomTensor([64], 5), randomTensor([64], 6), randomTensor([29, 64], 7)];
    const gradient = tf.grads((x, gamma, beta, weights) => weightedLoss(x!, gamma!, beta!, weights!));
    const fused = gradient(inputs);
    const composed = withOriginalKernels(() => gradient(inputs));
    expect(fused).toHaveLength(4);
    fused.forEach((value, i) => expectClose(value, composed[i]!));
  });

  it("leaves no tensors behind", () => {
    const inputs = [randomTensor([8, 16], 8), randomTensor([16], 9), randomTensor([16], 10), randomTensor([8, 16], 11)];
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      tf.grads((x, gamma, beta, weights) => weightedLoss(x!, gamma!, beta!, weights!))(inputs);
    });
    expect(tf.memory().numTensors).toBe(before);
  });
});
