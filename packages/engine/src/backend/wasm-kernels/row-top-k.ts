import { TopK, util, type KernelConfig, type KernelFunc, type TensorInfo } from "@tensorflow/tfjs-core";
import { asWasmBackend } from "../wasm-heap.js";

/** Above this k the stock kernel's sort is as good as insertion. */
const MAX_K = 64;

/**
 * TopK over the last axis by one pass per row that keeps the k best in a sorted buffer (insertion): decoding asks for
 * a handful of candidates out of 8,000 logits per row, where the stock wasm kernel sorts far more than it returns
 * (37% of a beam-4 batch-32 decoder step in bench/engine/decode-step-profile.ts). Values descend; equal values keep
 * the lower index first, as tfjs's CPU kernel does. Other dtypes, k > 64 or unsorted requests go to the stock kernel.
 */
export function rowTopKConfig(stock: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const x = args.inputs["x"] as TensorInfo;
    const k = (args.attrs?.["k"] as number | undefined) ?? 1;
    const sorted = (args.attrs?.["sorted"] as boolean | undefined) ?? true;
    const n = x.shape[x.shape.length - 1] ?? 0;
    if (x.dtype !== "float32" || !sorted || k < 1 || k > MAX_K || k > n) return stock.kernelFunc(args);
    const wasm = asWasmBackend(args.backend);
    const outShape = [...x.shape.slice(0, -1), k];
    const valuesInfo = wasm.makeOutput(outShape, "float32");
    const indicesInfo = wasm.makeOutput(outShape, "int32");
    // Views after the allocations, which may have replaced the heap's buffer.
    const input = wasm.typedArrayFromHeap(x) as Float32Array;
    const values = wasm.typedArrayFromHeap(valuesInfo) as Float32Array;
    const indices = wasm.typedArrayFromHeap(indicesInfo) as Int32Array;
    const rows = util.sizeFromShape(x.shape) / n;
    for (let row = 0; row < rows; row++) {
      const base = row * n;
      const out = row * k;
      let filled = 0;
      for (let j = 0; j < n; j++) {
        const value = input[base + j]!;
        if (filled === k && !(value > values[out + k - 1]!)) continue;
        let slot = filled < k ? filled++ : k - 1;
        while (slot > 0 && value > values[out + slot - 1]!) {
          values[out + slot] = values[out + slot - 1]!;
          indices[out + slot] = indices[out + slot - 1]!;
          slot--;
        }
        values[out + slot] = value;
        indices[out + slot] = j;
      }
    }
    return [valuesInfo, indicesInfo];
  };
  return { kernelName: TopK, backendName: "wasm", kernelFunc };
}
