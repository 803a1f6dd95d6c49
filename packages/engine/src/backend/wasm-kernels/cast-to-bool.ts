import { Cast, type KernelConfig, type KernelFunc, type TensorInfo } from "@tensorflow/tfjs-core";
import { asWasmBackend } from "../wasm-heap.js";

/**
 * Cast to bool on the wasm heap. The stock wasm kernel copies the values into the bool tensor's
 * Uint8Array, so -3.75 becomes 252 and 256 becomes 0 (false); TensorFlow (and tfjs's cpu backend)
 * give `x != 0` (NaN is true). Every other cast goes to the stock kernel.
 */
export function castToBoolConfig(stock: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const x = args.inputs["x"] as TensorInfo;
    const dtype = (args.attrs ?? {})["dtype"];
    if (dtype !== "bool" || x.dtype === "bool" || x.dtype === "string" || x.dtype === "complex64") return stock.kernelFunc(args);
    const wasm = asWasmBackend(args.backend);
    const out = wasm.makeOutput([...x.shape], "bool");
    // Views after makeOutput: allocating may replace the heap's buffer.
    const values = wasm.typedArrayFromHeap(x);
    const flags = wasm.typedArrayFromHeap(out);
    for (let i = 0; i < values.length; i++) flags[i] = values[i] !== 0 ? 1 : 0;
    return out;
  };
  return { kernelName: Cast, backendName: "wasm", kernelFunc };
}
