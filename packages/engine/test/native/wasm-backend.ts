import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { registerWasmKernels } from "../../src/backend/wasm-kernels/register-wasm-kernels.js";

/** Starts the wasm backend from the installed package's .wasm files (nothing is fetched), with the engine's wasm kernels. */
export async function useWasmBackend(): Promise<void> {
  const wasmDir = join(dirname(createRequire(import.meta.url).resolve("@tensorflow/tfjs-backend-wasm")), "/");
  setWasmPaths(wasmDir);
  // The cpu backend is the reference the kernels are compared with (compare.ts onCpu).
  if (!(await tf.setBackend("cpu"))) throw new Error("the tfjs cpu backend failed to start");
  if (!(await tf.setBackend("wasm"))) throw new Error("the tfjs wasm backend failed to start");
  // As in production (initBackend): the engine's wasm kernels, which the native ones fall back to.
  registerWasmKernels();
}
