import * as tf from "@tensorflow/tfjs-core";
// tfjs-core's CommonJS build (what Node loads) registers no gradients; tfjs-layers' build
// registers all of tfjs-core's gradient functions in the shared global registry.
import "@tensorflow/tfjs-layers";
import "@tensorflow/tfjs-backend-cpu";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { engineLogger } from "./logger.js";
import { nativeKernelStatus, registerNativeKernels } from "./native-kernels.js";
import { wasmBinaryDirectory } from "./wasm-paths.js";
import { registerWasmKernels } from "./wasm-kernels/register-wasm-kernels.js";

import { backendOrder, checkBackendName, type BackendName } from "./backend-names.js";

export type { BackendName };
export interface BackendInfo {
  name: string;
  customKernels: string[];
  /** Whether the native OpenBLAS kernels run (wasm backend with the addon loaded). */
  nativeKernels: boolean;
  /** The addon's BLAS configuration, or why it is not in use (wasm backend only). */
  nativeDetail?: string;
}

/** PARLEY_REQUIRE_NATIVE=1 and the wasm backend came up without the native kernels (CI). */
export class NativeKernelsRequiredError extends Error {
  override readonly name = "NativeKernelsRequiredError";
}

let active: Promise<BackendInfo> | undefined;
let activePreference: string | undefined;

/**
 * Selects and initialises the fastest available backend: tfjs-node-gpu (if installed and a
 * GPU works), tfjs-node, wasm (SIMD, binaries from node_modules), then plain cpu.
 * `preferred` (or PARLEY_BACKEND) moves one backend to the front. Safe to call repeatedly.
 */
export function initBackend(preferred?: string): Promise<BackendInfo> {
  const wanted = (preferred ?? process.env["PARLEY_BACKEND"]) || undefined;
  if (active !== undefined && wanted === activePreference) return active;
  try {
    checkBackendName(wanted);
  } catch (error) {
    return Promise.reject(error as Error);
  }
  activePreference = wanted;
  active = selectFirstWorking(backendOrder(wanted as BackendName | undefined));
  return active;
}

async function selectFirstWorking(order: readonly BackendName[]): Promise<BackendInfo> {
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
      if (error instanceof NativeKernelsRequiredError) throw error;
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
      return { name: name === "tensorflow-gpu" ? "tensorflow (gpu)" : "tensorflow", customKernels: [], nativeKernels: false };
    }
    case "wasm": {
      setWasmPaths(wasmBinaryDirectory());
      tf.env().set("WASM_HAS_SIMD_SUPPORT", true);
      if (!(await tf.setBackend("wasm"))) return undefined;
      const customKernels = [...registerWasmKernels(), ...registerNativeKernels()];
      const native = nativeKernelStatus();
      engineLogger.info({ native: native.detail }, "native kernels");
      // PARLEY_NATIVE=0 (kernels turned off on purpose) wins over PARLEY_REQUIRE_NATIVE=1.
      if (!native.loaded && process.env.PARLEY_REQUIRE_NATIVE === "1" && process.env.PARLEY_NATIVE !== "0") {
        throw new NativeKernelsRequiredError(`PARLEY_REQUIRE_NATIVE=1 but the ${native.detail}`);
      }
      return { name: "wasm", customKernels, nativeKernels: native.loaded, nativeDetail: native.detail };
    }
    case "cpu":
      return (await tf.setBackend("cpu")) ? { name: "cpu", customKernels: [], nativeKernels: false } : undefined;
  }
}
