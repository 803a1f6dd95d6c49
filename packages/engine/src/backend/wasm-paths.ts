import { createRequire } from "node:module";
import path from "node:path";

/** Directory holding tfjs-backend-wasm's .wasm binaries, so they load from disk, offline. */
export function wasmBinaryDirectory(): string {
  const require = createRequire(import.meta.url);
  const binary = require.resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm");
  return path.dirname(binary) + path.sep;
}
