import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-layers"; // its bundle registers the gradients of the tfjs-core ops
import { beforeAll, describe, it } from "vitest";
import { registerNativeKernels } from "../../src/backend/native-kernels.js";
import { expectClose, randomTensor, onCpu } from "./compare.js";
import { useWasmBackend } from "./wasm-backend.js";

beforeAll(async () => {
  await useWasmBackend();
  registerNativeKernels();
});

/**
 * A small attention-like chain: dense (fused bias + relu), a split into heads (Transpose),
 * batched scores with transposeB, a weighted sum, tanh, and log-sum-exp (Exp, Log, Sum).
 */
function chain(x: tf.Tensor, w: tf.Tensor, bias: tf.Tensor, v: tf.Tensor): tf.Scalar {
  const hidden = tf.fused.matMul({ a: tf.reshape(x, [-1, 24]), b: w, bias, activation: "relu" });
  const heads = tf.transpose(tf.reshape(hidden, [3, 10, 4, 4]), [0, 2, 1, 3]);
  const scores = tf.matMul(heads, heads, false, true);
  const mixed = tf.tanh(tf.matMul(tf.softmax(scores), v));
  return tf.sum(tf.logSumExp(mixed, -1));
}

describe("gradients through the native matmul kernels", () => {
  it("match the cpu backend's gradients", () => {
    const inputs = [randomTensor([3, 10, 24], 11), randomTensor([24, 16], 12), randomTensor([16], 13), randomTensor([3, 4, 10, 5], 14)];
    const gradient = tf.grads((x, w, bias, v) => chain(x!, w!, bias!, v!));
    const native = gradient(inputs);
    const original = onCpu(() => gradient(inputs));
    native.forEach((value, i) => expectClose(value, original[i]!));
  });

  it("match the cpu backend's gradients for transposed operands", () => {
    const a = randomTensor([2, 9, 7], 15);
    const b = randomTensor([2, 11, 9], 16);
    const gradient = tf.grads((x, y) => tf.sum(tf.square(tf.matMul(x!, y!, true, true))));
    const native = gradient([a, b]);
    const original = onCpu(() => gradient([a, b]));
    native.forEach((value, i) => expectClose(value, original[i]!));
  });
});
