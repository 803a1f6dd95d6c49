import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";

/** Starts the wasm backend from the installed package's .wasm files (nothing is fetched). */
export async function useWasmBackend(): Promise<void> {
  const wasmDir = join(dirname(createRequire(import.meta.url).resolve("@tensorflow/tfjs-backend-wasm")), "/");
  setWasmPaths(wasmDir);
  if (!(await tf.setBackend("wasm"))) throw new Error("the tfjs wasm backend failed to start");
}
