import * as tf from "@tensorflow/tfjs-core";
// tfjs-core's CommonJS build (what Node loads) registers no gradients; tfjs-layers' build
// registers all of tfjs-core's gradient functions in the shared global registry.
import "@tensorflow/tfjs-layers";
import "@tensorflow/tfjs-backend-cpu";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { engineLogger } from "./logger.js";
import { wasmBinaryDirectory } from "./wasm-paths.js";
import { registerWasmKernels } from "./wasm-kernels/register-wasm-kernels.js";

export type BackendName = "tensorflow-gpu" | "tensorflow" | "wasm" | "cpu";
export interface BackendInfo { name: string; customKernels: string[] }

const preferenceOrder: BackendName[] = ["tensorflow-gpu", "tensorflow", "wasm", "cpu"];
let active: Promise<BackendInfo> | undefined;
let activePreference: string | undefined;

/**
 * Selects and initialises the fastest available backend: tfjs-node-gpu (if installed and a
 * GPU works), tfjs-node, wasm (SIMD, binaries from node_modules), then plain cpu.
 * `preferred` (or PARLEY_BACKEND) moves one backend to the front. Safe to call repeatedly.
 */
export function initBackend(preferred?: string): Promise<BackendInfo> {
  const wanted = preferred ?? process.env["PARLEY_BACKEND"];
  if (active !== undefined && wanted === activePreference) return active;
  if (wanted !== undefined && !preferenceOrder.includes(wanted as BackendName)) {
    return Promise.reject(new Error(`unknown backend "${wanted}"; expected one of ${preferenceOrder.join(", ")}`));
  }
  activePreference = wanted;
  const order = wanted === undefined ? preferenceOrder : [wanted as BackendName, ...preferenceOrder.filter((b) => b !== wanted)];
  active = selectFirstWorking(order);
  return active;
}

async function selectFirstWorking(order: BackendName[]): Promise<BackendInfo> {
  // Production mode skips per-op debug checks and the "install tfjs-node" console banner.
  tf.enableProdMode();
  for (const candidate of order) {
    try {
      const info = await tryBackend(candidate);
      if (info !== undefined) {
        engineLogger.info({ backend: info.name, customKernels: info.customKernels }, "tensorflow.js backend ready");
        return info;
      }
    } catch (error) {
      engineLogger.debug({ backend: candidate, err: error }, "backend unavailable");
    }
  }
  throw new Error("no tensorflow.js backend could be initialised");
}

async function tryBackend(name: BackendName): Promise<BackendInfo | undefined> {
  switch (name) {
    case "tensorflow-gpu":
    case "tensorflow": {
      // Optional native bindings: not dependencies of the engine, used when the host has them.
      const packageName = name === "tensorflow-gpu" ? "@tensorflow/tfjs-node-gpu" : "@tensorflow/tfjs-node";
      await import(packageName);
      if (!(await tf.setBackend("tensorflow"))) return undefined;
      tf.tidy(() => tf.matMul(tf.ones([2, 2]), tf.ones([2, 2])).dataSync());
      return { name: name === "tensorflow-gpu" ? "tensorflow (gpu)" : "tensorflow", customKernels: [] };
    }
    case "wasm": {
      setWasmPaths(wasmBinaryDirectory());
      tf.env().set("WASM_HAS_SIMD_SUPPORT", true);
      if (!(await tf.setBackend("wasm"))) return undefined;
      const customKernels = [...registerWasmKernels(), ...(await registerOptionalNativeKernels())];
      return { name: "wasm", customKernels };
    }
    case "cpu":
      return (await tf.setBackend("cpu")) ? { name: "cpu", customKernels: [] } : undefined;
  }
}

/** Hook for ./native-kernels.ts (a separate, optional module): absent or failing is fine. */
async function registerOptionalNativeKernels(): Promise<string[]> {
  const modulePath = "./native-kernels.js";
  try {
    const module = (await import(modulePath)) as { registerNativeKernels?: () => string[] };
    return module.registerNativeKernels?.() ?? [];
  } catch (error) {
    engineLogger.debug({ err: error }, "native kernels not loaded");
    return [];
  }
}
