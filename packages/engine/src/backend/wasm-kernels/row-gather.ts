import { GatherV2, util, type KernelConfig, type KernelFunc, type TensorInfo } from "@tensorflow/tfjs-core";
import { asWasmBackend } from "../wasm-heap.js";

/**
 * Fast path for GatherV2 on axis 0 (embedding lookups, beam reordering): the stock wasm
 * kernel computes every element's index and is ~100x slower than copying whole rows.
 * Other gathers go to the stock kernel.
 */
export function rowGatherConfig(stock: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const { inputs, backend } = args;
    const attrs = args.attrs ?? {};
    const x = inputs["x"] as TensorInfo;
    const indices = inputs["indices"] as TensorInfo;
    const axis = util.parseAxisParam(attrs["axis"] as number, x.shape)[0];
    if (axis !== 0 || (attrs["batchDims"] as number) !== 0 || x.dtype === "string" || x.dtype === "complex64") {
      return stock.kernelFunc(args);
    }
    const wasm = asWasmBackend(backend);
    const rows = x.shape[0]!;
    const rowBytes = util.sizeFromShape(x.shape.slice(1)) * 4;
    const out = wasm.makeOutput([...indices.shape, ...x.shape.slice(1)], x.dtype);
    const ids = wasm.typedArrayFromHeap(indices);
    const src = wasm.typedArrayFromHeap(x).byteOffset;
    const dst = wasm.typedArrayFromHeap(out).byteOffset;
    const heap = wasm.wasm.HEAPU8;
    for (let i = 0; i < ids.length; i++) {
      const row = ids[i]!;
      if (row < 0 || row >= rows) {
        wasm.disposeData(out.dataId);
        throw new Error(`GatherV2: the index value ${row} is not in [0, ${rows - 1}]`);
      }
      heap.copyWithin(dst + i * rowBytes, src + row * rowBytes, src + (row + 1) * rowBytes);
    }
    return out;
  };
  return { kernelName: GatherV2, backendName: "wasm", kernelFunc };
}
