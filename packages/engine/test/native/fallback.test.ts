import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../src/backend/init-backend.js";
import { nativeKernelStatus, registerNativeKernels } from "../../src/backend/native-kernels.js";
import { EngineRuntime } from "../../src/runtime/engine-runtime.js";
import { expectClose, randomTensor } from "./compare.js";
import { useWasmBackend } from "./wasm-backend.js";

// Each test file runs in its own process, so disabling the addon here leaves the other files alone.
beforeAll(async () => {
  process.env.PARLEY_NATIVE = "0";
  await useWasmBackend();
});

describe("wasm backend without the native addon", () => {
  it("registers nothing and says why", () => {
    expect(registerNativeKernels()).toEqual([]);
    expect(nativeKernelStatus()).toEqual({ loaded: false, detail: "native kernels disabled by PARLEY_NATIVE=0" });
  });

  it("still computes matmuls and exp with the wasm kernels, matching the cpu backend", async () => {
    const aValues = randomTensor([2, 9, 7], 31).arraySync();
    const bValues = randomTensor([2, 11, 9], 32).arraySync();
    const compute = () => [tf.matMul(tf.tensor(aValues), tf.tensor(bValues), true, true), tf.exp(tf.tensor(aValues))];
    const wasm = compute().map((t) => t.arraySync());
    await tf.setBackend("cpu");
    const cpu = compute().map((t) => t.arraySync());
    await useWasmBackend();
    wasm.forEach((values, i) => expectClose(tf.tensor(values), tf.tensor(cpu[i]!)));
  });

  it("is what initBackend reports, and PARLEY_NATIVE=0 wins over PARLEY_REQUIRE_NATIVE=1", async () => {
    process.env.PARLEY_REQUIRE_NATIVE = "1";
    try {
      const info = await initBackend("wasm");
      expect(info).toMatchObject({ name: "wasm", nativeKernels: false, nativeDetail: "native kernels disabled by PARLEY_NATIVE=0" });
    } finally {
      delete process.env.PARLEY_REQUIRE_NATIVE;
    }
  });

  it("is what the serving runtime's workers report (/readyz and /metrics read it)", async () => {
    const runtime = new EngineRuntime({ workers: 1 });
    try {
      expect(await runtime.backendStatus()).toEqual({ backend: "wasm", nativeKernels: false, nativeDetail: "native kernels disabled by PARLEY_NATIVE=0" });
    } finally {
      await runtime.close();
    }
  });
});
