import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-layers"; // its bundle registers the gradients of the tfjs-core ops
import { beforeAll, describe, expect, it } from "vitest";
import { loadNativeAddon } from "../../native/addon.js";
import { FUSED_ADAM, FUSED_SOFTMAX_CROSS_ENTROPY, hasFusedKernel } from "../../src/backend/fused-kernels.js";
import { registerNativeKernels } from "../../src/backend/native-kernels.js";
import { PAD_ID } from "../../src/models/special-tokens.js";
import { FlatAdam } from "../../src/training/flat-adam.js";
import { labelSmoothedCrossEntropy } from "../../src/training/loss.js";
import { expectClose, randomTensor, withOriginalKernels } from "./compare.js";
import { useWasmBackend } from "./wasm-backend.js";

beforeAll(async () => {
  await useWasmBackend();
  registerNativeKernels();
});

/** Targets in [1, vocab) with every fifth row padding. */
function targetsFor(rows: number, vocab: number): tf.Tensor1D {
  return tf.tensor1d(Array.from({ length: rows }, (_, i) => (i % 5 === 4 ? PAD_ID : 1 + ((i * 7919) % (vocab - 1)))), "int32");
}

function largestMagnitude(x: tf.Tensor): number {
  return tf.max(tf.abs(x)).dataSync()[0]!;
}

function lossAndGradient(logits: tf.Tensor2D, targets: tf.Tensor1D, smoothing: number): [tf.Scalar, tf.Tensor] {
  const { value, grad } = tf.valueAndGrad((z: tf.Tensor) => labelSmoothedCrossEntropy(z as tf.Tensor2D, targets, smoothing))(logits);
  return [value, grad];
}

describe("fused native softmax cross-entropy", () => {
  it("is registered with the native kernels and removed with them", () => {
    expect(hasFusedKernel(FUSED_SOFTMAX_CROSS_ENTROPY)).toBe(true);
    expect(withOriginalKernels(() => hasFusedKernel(FUSED_SOFTMAX_CROSS_ENTROPY))).toBe(false);
  });

  for (const smoothing of [0, 0.1]) {
    it(`matches the composed ops' loss and gradient (smoothing ${smoothing}, pads ignored, odd vocabulary)`, () => {
      // Large logits in one row check the max-shift; a vocabulary of 1,003 leaves a SIMD remainder.
      const logits = tf.add(tf.mul(randomTensor([70, 1003], 1), 4), tf.concat([tf.zeros([69, 1003]), tf.fill([1, 1003], 80)])) as tf.Tensor2D;
      const targets = targetsFor(70, 1003);
      const [fusedLoss, fusedGradient] = lossAndGradient(logits, targets, smoothing);
      const [composedLoss, composedGradient] = withOriginalKernels(() => lossAndGradient(logits, targets, smoothing));
      expectClose(fusedLoss, composedLoss);
      expectClose(fusedGradient, composedGradient);
      expect(largestMagnitude(tf.slice(fusedGradient, [4, 0], [1, 1003]))).toBe(0); // a pad row
    });
  }

  it("is 0 with a zero gradient when every target is padding", () => {
    const [loss, gradient] = lossAndGradient(randomTensor([6, 50], 2) as tf.Tensor2D, tf.fill([6], PAD_ID, "int32") as tf.Tensor1D, 0.1);
    expect(loss.dataSync()[0]).toBe(0);
    expect(largestMagnitude(gradient)).toBe(0);
  });

  it("refuses a target outside the vocabulary instead of reading past the row", () => {
    const logits = randomTensor([3, 10], 3) as tf.Tensor2D;
    expect(() => labelSmoothedCrossEntropy(logits, tf.tensor1d([1, 10, 2], "int32"), 0.1)).toThrow(/outside \[0, vocab\)/);
  });

  it("rejects arrays whose lengths do not match rows and vocab", () => {
    const addon = loadNativeAddon()!;
    const floats = (n: number) => new Float32Array(n);
    expect(() => addon.softmaxCrossEntropy(floats(20), new Int32Array(2), floats(2), floats(2), floats(19), 2, 10, 0)).toThrow(/lengths/);
  });
});

describe("fused native Adam", () => {
  /** Runs three Adam steps from the same start; returns the parameters and the reported norms. */
  function threeSteps(gradientScale: number): { parameters: tf.Tensor[]; norms: number[] } {
    const variables = [tf.variable(randomTensor([33, 17], 4)), tf.variable(randomTensor([70001], 5))];
    const adam = new FlatAdam(variables);
    const norms: number[] = [];
    for (let step = 1; step <= 3; step++) {
      const gradients = variables.map((v, i) => tf.mul(randomTensor(v.shape, 10 * step + i), gradientScale));
      norms.push(adam.apply(gradients, 1e-3).dataSync()[0]!);
      tf.dispose(gradients);
    }
    adam.dispose();
    return { parameters: variables.map((v) => v.clone()), norms };
  }

  for (const [label, scale] of [["clipped", 1], ["not clipped", 1e-4]] as const) {
    it(`matches the composed ops over three steps (gradients ${label})`, () => {
      expect(hasFusedKernel(FUSED_ADAM)).toBe(true);
      const fused = threeSteps(scale);
      const composed = withOriginalKernels(() => threeSteps(scale));
      fused.parameters.forEach((p, i) => expectClose(p, composed.parameters[i]!));
      fused.norms.forEach((norm, i) => expect(norm).toBeCloseTo(composed.norms[i]!, 2));
      expect(fused.norms[0]! > 1).toBe(scale === 1);
    });
  }
});
