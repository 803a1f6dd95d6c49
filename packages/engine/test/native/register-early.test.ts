import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { nativeKernelStatus, registerNativeKernels } from "../../src/backend/native-kernels.js";
import { expectClose, randomTensor } from "./compare.js";
import { useWasmBackend } from "./wasm-backend.js";

let registered: string[] = [];

// Registered before the wasm backend starts: the backend's start-up must still prepare the
// original kernels that the native ones fall back to.
beforeAll(async () => {
  registered = registerNativeKernels();
  await useWasmBackend();
});

describe("native kernels registered before tf.setBackend('wasm')", () => {
  it("run, and fall back to working wasm kernels", async () => {
    expect(registered.length > 0).toBe(nativeKernelStatus().loaded);
    const compute = () => [
      tf.matMul(randomTensor([7, 5], 51), randomTensor([5, 3], 52)),
      tf.matMul(randomTensor([2, 3, 5, 4], 53), randomTensor([3, 4, 6], 54)), // partial broadcast: wasm kernel
      tf.exp(tf.tensor1d([0, 1, 2], "int32")), // int32: wasm kernel
    ];
    const wasm = compute().map((t) => t.arraySync());
    await tf.setBackend("cpu");
    const cpu = compute().map((t) => t.arraySync());
    await useWasmBackend();
    wasm.forEach((values, i) => expectClose(tf.tensor(values as number[]), tf.tensor(cpu[i] as number[])));
  });
});
