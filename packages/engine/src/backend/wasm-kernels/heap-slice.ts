import {
  Slice, SplitV, Unpack, backend_util, slice_util, util, type KernelConfig, type KernelFunc, type TensorInfo,
} from "@tensorflow/tfjs-core";
import { asWasmBackend, type WasmBackendInternals } from "../wasm-heap.js";

/**
 * Slice on the wasm heap. The stock kernel starts with readSync(x), which copies the whole
 * input to JS on every call: splitting a flat parameter vector into N pieces copied it N
 * times. Here each contiguous run is copied once, heap to heap, in the dtype's element size
 * (4 bytes for float32 and int32, 1 for bool); string and complex64 go to the stock kernel.
 */
function sliceOnHeap(wasm: WasmBackendInternals, x: TensorInfo, begin: number[], size: number[]): TensorInfo {
  const out = wasm.makeOutput(size, x.dtype);
  const total = util.sizeFromShape(size);
  if (total === 0) return out;
  const rank = x.shape.length;
  // Axes after `partialAxis` are taken whole, so each run is size[partialAxis] * inner elements long.
  let partialAxis = rank - 1;
  while (partialAxis > 0 && size[partialAxis] === x.shape[partialAxis]) partialAxis--;
  const strides = util.computeStrides(x.shape);
  const innerElements = util.sizeFromShape(x.shape.slice(partialAxis + 1));
  // Views are taken after makeOutput (allocating may replace the heap); bool is 1 byte a value.
  const source = wasm.typedArrayFromHeap(x);
  const elementBytes = source.BYTES_PER_ELEMENT;
  const runBytes = size[partialAxis]! * innerElements * elementBytes;
  const heap = wasm.wasm.HEAPU8;
  const src = source.byteOffset;
  const dst = wasm.typedArrayFromHeap(out).byteOffset;
  const outer = size.slice(0, partialAxis);
  const index = new Array<number>(partialAxis).fill(0);
  const runs = util.sizeFromShape(outer);
  for (let run = 0; run < runs; run++) {
    let offset = begin[partialAxis]! * innerElements;
    for (let axis = 0; axis < partialAxis; axis++) offset += (begin[axis]! + index[axis]!) * strides[axis]!;
    heap.copyWithin(dst + run * runBytes, src + offset * elementBytes, src + offset * elementBytes + runBytes);
    for (let axis = partialAxis - 1; axis >= 0; axis--) {
      if (++index[axis]! < outer[axis]!) break;
      index[axis] = 0;
    }
  }
  return out;
}

export function heapSliceConfig(stock: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const x = args.inputs["x"] as TensorInfo;
    if (x.dtype === "string" || x.dtype === "complex64") return stock.kernelFunc(args);
    const attrs = args.attrs ?? {};
    const [begin, size] = slice_util.parseSliceParams(x, attrs["begin"] as number[], attrs["size"] as number[]) as [number[], number[]];
    return sliceOnHeap(asWasmBackend(args.backend), x, begin, size);
  };
  return { kernelName: Slice, backendName: "wasm", kernelFunc };
}

export function heapSplitConfig(stock: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const x = args.inputs["x"] as TensorInfo;
    if (x.dtype === "string" || x.dtype === "complex64") return stock.kernelFunc(args);
    const attrs = args.attrs ?? {};
    const axis = util.parseAxisParam(attrs["axis"] as number, x.shape)[0]!;
    const sizes = backend_util.prepareSplitSize(x as never, attrs["numOrSizeSplits"] as number[] | number, axis);
    const wasm = asWasmBackend(args.backend);
    const begin = new Array<number>(x.shape.length).fill(0);
    return sizes.map((s) => {
      const size = [...x.shape];
      size[axis] = s;
      const piece = sliceOnHeap(wasm, x, [...begin], size);
      begin[axis]! += s;
      return piece;
    });
  };
  return { kernelName: SplitV, backendName: "wasm", kernelFunc };
}

/** Unpack (tf.unstack) slices through the same stock path; here one heap copy per piece. */
export function heapUnpackConfig(stock: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const x = args.inputs["value"] as TensorInfo;
    if (x.dtype === "string" || x.dtype === "complex64") return stock.kernelFunc(args);
    const axis = util.parseAxisParam((args.attrs ?? {})["axis"] as number, x.shape)[0]!;
    const wasm = asWasmBackend(args.backend);
    const outShape = x.shape.filter((_, i) => i !== axis);
    return Array.from({ length: x.shape[axis]! }, (_, i) => {
      const begin = x.shape.map((_, a) => (a === axis ? i : 0));
      const size = x.shape.map((d, a) => (a === axis ? 1 : d));
      const piece = sliceOnHeap(wasm, x, begin, size);
      return { dataId: piece.dataId, shape: outShape, dtype: piece.dtype };
    });
  };
  return { kernelName: Unpack, backendName: "wasm", kernelFunc };
}
