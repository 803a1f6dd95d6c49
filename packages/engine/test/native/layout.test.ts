import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { nativeKernelStatus, registerNativeKernels } from "../../src/backend/native-kernels.js";
import { expectClose, randomTensor, onCpu } from "./compare.js";
import { useWasmBackend } from "./wasm-backend.js";

beforeAll(async () => {
  await useWasmBackend();
  registerNativeKernels();
});

function matchesCpu(compute: () => tf.Tensor): void {
  tf.tidy(() => {
    const native = compute();
    const original = onCpu(compute);
    expect(native.dtype).toBe(original.dtype);
    expectClose(native, original);
  });
}

describe("native Transpose", () => {
  const cases: Array<[number[], number[]]> = [
    [[37, 53], [1, 0]],
    [[64, 20, 4, 8], [0, 2, 1, 3]],
    [[3, 5, 7, 2], [3, 1, 0, 2]],
    [[2, 1, 3, 1, 4], [4, 2, 0, 3, 1]],
    [[6, 9, 5], [0, 1, 2]],
    [[1, 1], [1, 0]],
    // Large enough to be split over threads: chunks start mid-odometer, rows of a 2-D transpose split.
    [[300, 37, 4, 64], [0, 2, 1, 3]],
    [[1001, 513], [1, 0]],
    [[5, 300, 7, 31], [3, 1, 0, 2]],
  ];
  for (const [shape, perm] of cases) {
    it(`matches the cpu backend for shape [${shape}] and perm [${perm}]`, () => {
      matchesCpu(() => tf.transpose(randomTensor(shape, 41), perm));
    });
  }

  it("keeps the wasm kernel for int32", () => {
    matchesCpu(() => tf.transpose(tf.reshape(tf.range(0, 24, 1, "int32"), [2, 3, 4]), [2, 0, 1]));
  });
});

describe("native Sum", () => {
  const x = () => randomTensor([6, 7, 8, 9], 42);
  for (const axis of [0, 3, -1, [1, 2], [0, 1, 2, 3], [2, 1], [0, 2]]) {
    for (const keepDims of [false, true]) {
      it(`matches the cpu backend for axis ${JSON.stringify(axis)}, keepDims ${keepDims}`, () => {
        matchesCpu(() => tf.sum(x(), axis, keepDims));
      });
    }
  }

  it("matches the cpu backend for a whole-tensor sum and for int32", () => {
    matchesCpu(() => tf.sum(randomTensor([1001], 43)));
    matchesCpu(() => tf.sum(tf.reshape(tf.range(0, 12, 1, "int32"), [3, 4]), 0));
  });
});

describe("Identity and Cast share the input's buffer", () => {
  it("keeps a clone valid after the original is disposed", () => {
    const x = tf.tensor2d([[1, 2], [3, 4]]);
    const copy = tf.clone(x);
    const sameType = tf.cast(x, "float32");
    x.dispose();
    expect(Array.from(copy.dataSync())).toEqual([1, 2, 3, 4]);
    expect(Array.from(sameType.dataSync())).toEqual([1, 2, 3, 4]);
    copy.dispose();
    expect(Array.from(sameType.dataSync())).toEqual([1, 2, 3, 4]);
    sameType.dispose();
  });

  it("still converts between dtypes", () => {
    matchesCpu(() => tf.cast(tf.tensor1d([1.7, -2.2, 0]), "int32"));
    matchesCpu(() => tf.cast(tf.tensor1d([1, 0, 3], "int32"), "float32"));
    matchesCpu(() => tf.cast(tf.tensor1d([1, 0, 3], "int32"), "bool"));
  });

  it("does not leak tensors", () => {
    const before = tf.memory().numBytes;
    tf.tidy(() => {
      tf.cast(tf.clone(tf.ones([100, 100])), "float32");
    });
    expect(tf.memory().numBytes).toBe(before);
  });
});

describe("row-copy GatherV2", () => {
  const table = () => randomTensor([50, 32], 44);
  const indices = () => tf.tensor1d([3, 0, 49, 3, 17], "int32");

  it("matches the cpu backend for embedding lookups (axis 0) with 1-D and 2-D indices", () => {
    matchesCpu(() => tf.gather(table(), indices()));
    matchesCpu(() => tf.gather(table(), tf.tensor2d([[1, 2], [48, 0]], [2, 2], "int32")));
  });

  it("matches the cpu backend for short rows, inner axes, batch dims and int32 data", () => {
    matchesCpu(() => tf.gather(randomTensor([50, 3], 45), indices()));
    matchesCpu(() => tf.gather(randomTensor([4, 50, 20], 46), indices(), 1));
    matchesCpu(() => tf.gather(tf.reshape(tf.range(0, 100, 1, "int32"), [50, 2]), indices()));
  });

  it("matches the cpu backend for batch dims, where the wasm kernel reads the wrong rows", async () => {
    if (!nativeKernelStatus().loaded) {
      expect(registerNativeKernels(), "without the addon the wasm kernel (and its bug) stays").toEqual([]);
      return;
    }
    const compute = () => tf.gather(tf.reshape(tf.range(0, 360), [3, 20, 6]), tf.tensor2d([[0, 19], [5, 5], [7, 1]], [3, 2], "int32"), 1, 1);
    const native = compute().arraySync();
    await tf.setBackend("cpu");
    const reference = compute().arraySync();
    await useWasmBackend();
    expect(native).toEqual(reference);
  });

  it("rejects out-of-range indices without leaking", () => {
    const [data, bad] = [table(), tf.tensor1d([0, 50], "int32")];
    const before = tf.memory().numTensors;
    expect(() => tf.gather(data, bad)).toThrow(/index value 50 is not in \[0, 49\]/);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe("row TopK", () => {
  const both = (x: () => tf.Tensor, k: number) => {
    const wasm = tf.tidy(() => { const r = tf.topk(x(), k); return [r.values.arraySync(), r.indices.arraySync()]; });
    const cpu = onCpu(() => tf.tidy(() => { const r = tf.topk(x(), k); return [r.values.arraySync(), r.indices.arraySync()]; }));
    expect(wasm).toEqual(cpu);
  };

  it("matches the cpu backend on decoder-sized rows, for the k decoding asks for", () => {
    for (const k of [1, 4, 8, 16]) both(() => randomTensor([37, 8000], 70 + k), k);
    both(() => randomTensor([3, 5, 40], 90), 6);
  });

  it("keeps the lower index first among equal values, and handles -Infinity and k = n", () => {
    both(() => tf.tensor2d([[1, 3, 3, 2, 3, -Infinity], [-Infinity, -Infinity, 0, 0, 5, 5]]), 4);
    both(() => tf.tensor2d([[2, 1, 2]]), 3);
  });
});
