import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { loadNativeAddon, nativeKernelStatus, registerNativeKernels } from "../../src/backend/native-kernels.js";
import { expectClose, randomTensor, onCpu } from "./compare.js";
import { useWasmBackend } from "./wasm-backend.js";

let registered: string[] = [];

beforeAll(async () => {
  await useWasmBackend();
  registered = registerNativeKernels();
});

function matMulMatchesCpu(aShape: number[], bShape: number[], transposeA: boolean, transposeB: boolean): void {
  tf.tidy(() => {
    const a = randomTensor(aShape, 1);
    const b = randomTensor(bShape, 2);
    const native = tf.matMul(a, b, transposeA, transposeB);
    const original = onCpu(() => tf.matMul(a, b, transposeA, transposeB));
    expectClose(native, original);
  });
}

describe("native BatchMatMul on the wasm backend", () => {
  it("is registered when the addon loads, and must load when PARLEY_REQUIRE_NATIVE=1", () => {
    const status = nativeKernelStatus();
    if (process.env.PARLEY_REQUIRE_NATIVE === "1") {
      expect(status.loaded, `PARLEY_REQUIRE_NATIVE=1 but the native addon did not load: ${status.detail}`).toBe(true);
    }
    const allNative = ["BatchMatMul", "_FusedMatMul", "Exp", "Log", "Tanh", "Erf", "Sum", "Transpose", "Identity", "Cast", "GatherV2", "ParleyLayerNorm", "ParleyLayerNormGrad",
      "ParleySoftmaxCrossEntropy", "ParleyAdam", "ParleyDropout"];
    expect(registered).toEqual(status.loaded ? allNative : []);
    expect(registerNativeKernels()).toEqual(registered);
    expect(status.detail).toMatch(status.loaded ? /OpenBLAS .* threads?$/ : /native\/build\.mjs/);
  });

  for (const [transposeA, transposeB] of [[false, false], [true, false], [false, true], [true, true]] as const) {
    it(`matches the cpu backend for odd sizes with transposeA=${transposeA} transposeB=${transposeB}`, () => {
      const [m, n, k] = [37, 53, 61];
      matMulMatchesCpu(transposeA ? [k, m] : [m, k], transposeB ? [n, k] : [k, n], transposeA, transposeB);
      matMulMatchesCpu(transposeA ? [3, k, m] : [3, m, k], transposeB ? [3, n, k] : [3, k, n], transposeA, transposeB);
    });
  }

  it("matches the cpu backend for tiny and vector shapes", () => {
    matMulMatchesCpu([1, 1], [1, 1], false, false);
    matMulMatchesCpu([1, 7], [7, 1], false, false);
    matMulMatchesCpu([5, 1], [1, 9], false, false);
    matMulMatchesCpu([2, 1, 3], [2, 3, 1], false, false);
  });

  it("broadcasts a batch of one against a batch of many on either side", () => {
    matMulMatchesCpu([1, 6, 10], [4, 10, 7], false, false);
    matMulMatchesCpu([4, 6, 10], [1, 7, 10], false, true);
    matMulMatchesCpu([4, 6, 10], [10, 7], false, false);
    matMulMatchesCpu([10, 6], [2, 3, 10, 7], true, false);
  });

  it("leaves partial batch broadcasts to the wasm kernel", () => {
    matMulMatchesCpu([2, 3, 5, 4], [3, 4, 6], false, false);
  });

  it("does not leak stale heap contents into the output", () => {
    tf.fill([256, 256], Number.NaN).dispose();
    const product = tf.matMul(tf.ones([128, 64]), tf.ones([64, 128]));
    expect(product.dataSync().every((value) => value === 64)).toBe(true);
  });

  it("hands empty tensors to the wasm kernel", () => {
    const product = tf.matMul(tf.zeros([0, 4]), tf.ones([4, 3]));
    expect(product.shape).toEqual([0, 3]);
  });

  it("matches the cpu backend for products large enough to be split over threads", () => {
    matMulMatchesCpu([300, 200], [200, 150], false, false);
    matMulMatchesCpu([200, 300], [150, 200], true, true);
    matMulMatchesCpu([40, 200], [200, 900], false, false);
    matMulMatchesCpu([16, 64, 70], [16, 70, 64], false, false);
    matMulMatchesCpu([1, 64, 70], [16, 64, 70], false, true);
  });

  it("gives the same products on one thread and on several", () => {
    const native = loadNativeAddon();
    if (native === null) {
      expect(registered).toEqual([]);
      return;
    }
    const threads = native.info().threads;
    const random = (length: number) => Float32Array.from({ length }, (_, i) => Math.sin(i * 12.9898) * 0.5);
    try {
      for (const [batch, m, n, k, transA, transB, beta] of [
        [1, 300, 200, 150, false, true, 0], [1, 40, 900, 200, true, false, 1], [12, 64, 64, 64, false, false, 0],
        [3, 257, 129, 65, true, true, 1],
      ] as const) {
        const [a, b] = [random(batch * m * k), random(batch * k * n)];
        const start = random(batch * m * n);
        const results = [1, 3].map((count) => {
          native.setThreads(count);
          const c = start.slice();
          native.sgemm(transA, transB, m, n, k, a, b, c, batch, m * k, k * n, m * n, beta);
          return c;
        });
        expectClose(tf.tensor(results[1]!), tf.tensor(results[0]!));
      }
    } finally {
      native.setThreads(threads);
    }
  });

  it("checks buffer bounds in the addon itself", () => {
    const native = loadNativeAddon();
    if (native === null) {
      expect(registered).toEqual([]);
      return;
    }
    const [a, b, c] = [new Float32Array(6), new Float32Array(6), new Float32Array(4)];
    expect(() => native.sgemm(false, false, 2, 2, 4, a, b, c, 1, 8, 8, 4, 0)).toThrow(RangeError);
    expect(() => native.sgemm(false, false, 2, 2, 3, a, b, c, 2, 0, 0, 4, 0)).toThrow(RangeError);
    expect(() => native.sgemm(false, false, 2, 2, 3, a, b, c, 2, 0, 0, 0, 0)).toThrow(/must not overlap/);
    native.sgemm(false, false, 2, 2, 3, a.fill(1), b.fill(2), c, 1, 6, 6, 4, 0);
    expect([...c]).toEqual([6, 6, 6, 6]);
  });
});
