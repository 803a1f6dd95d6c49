import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { registerNativeKernels } from "../../src/backend/native-kernels.js";
import { expectClose, randomTensor, onCpu } from "./compare.js";
import { useWasmBackend } from "./wasm-backend.js";

beforeAll(async () => {
  await useWasmBackend();
  registerNativeKernels();
});

const EDGE_VALUES = [0, -0, 1e-30, -1e-30, 1, -1, 20, -20, 88, 89, 200, -87, -104, -1e9, 1e9, Infinity, -Infinity, NaN];

const UNARY: Array<[string, (x: tf.Tensor) => tf.Tensor]> = [
  ["exp", tf.exp],
  ["log", tf.log],
  ["tanh", tf.tanh],
  ["erf", tf.erf],
];

describe("native element-wise kernels on the wasm backend", () => {
  for (const [name, op] of UNARY) {
    it(`${name} matches the cpu backend on random values and edge cases`, () => {
      // Odd length, so the vector loops' scalar tails run too.
      const inputs = [tf.mul(randomTensor([3, 1001], 21), 5), tf.tensor1d(EDGE_VALUES)];
      for (const x of inputs) expectClose(op(x), onCpu(() => op(x)));
    });
  }

  it("keeps the wasm kernel for int32 input", () => {
    const x = tf.tensor1d([0, 1, 2], "int32");
    const result = tf.exp(x);
    expect(result.dtype).toBe("float32");
    expectClose(result, onCpu(() => tf.exp(x)));
  });
});
