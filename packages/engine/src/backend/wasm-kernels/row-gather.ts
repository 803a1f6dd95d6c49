import { GatherV2, backend_util, util, type KernelConfig, type KernelFunc, type TensorInfo } from "@tensorflow/tfjs-core";
import { asWasmBackend } from "../wasm-heap.js";

/** Rows of at least this many elements are copied with copyWithin, shorter ones element by element. */
const MIN_ROW_FOR_COPY = 16;

/**
 * GatherV2 as whole-row copies on the wasm heap (embedding lookups, beam reordering): the stock
 * wasm kernel computes every element's index, is ~100x slower, and reads the wrong rows when
 * batchDims > 0. Handles every axis and batchDims; float32 and int32 move as 4-byte elements,
 * bool as bytes (the wasm backend stores it in a Uint8Array). Returns undefined for what it does
 * not handle (string, complex64, empty tensors), which the caller hands to the stock kernel.
 */
export function gatherRows(backend: unknown, x: TensorInfo, indices: TensorInfo, axis: number, batchDims: number): TensorInfo | undefined {
  const elementBytes = x.dtype === "float32" || x.dtype === "int32" ? 4 : x.dtype === "bool" ? 1 : 0;
  if (elementBytes === 0 || indices.dtype !== "int32" || util.sizeFromShape(x.shape) === 0) return undefined;
  const wasm = asWasmBackend(backend);
  const parsedAxis = util.parseAxisParam(axis, x.shape)[0] ?? 0;
  const info = backend_util.segment_util.collectGatherOpShapeInfo(x as never, indices as never, parsedAxis, batchDims);
  const indexCount = util.sizeFromShape(indices.shape);
  for (const index of wasm.typedArrayFromHeap(indices)) {
    if (index < 0 || index >= info.dimSize) {
      throw new Error(`GatherV2: the index value ${index} is not in [0, ${info.dimSize - 1}]`);
    }
  }
  const out = wasm.makeOutput(info.outputShape, x.dtype);
  // Views after the allocation, which may have replaced the heap's buffer.
  const indexValues = wasm.typedArrayFromHeap(indices);
  const source = wasm.typedArrayFromHeap(x);
  const elements = elementBytes === 4 ? new Int32Array(source.buffer) : new Uint8Array(source.buffer);
  const perBatch = indexCount / info.batchSize;
  const row = info.sliceSize;
  const xStart = source.byteOffset / elementBytes;
  let target = wasm.typedArrayFromHeap(out).byteOffset / elementBytes;
  for (let b = 0; b < info.batchSize; b++) {
    for (let o = 0; o < info.outerSize; o++) {
      const block = xStart + ((b * info.outerSize + o) * info.dimSize) * row;
      for (let i = 0; i < perBatch; i++, target += row) {
        const start = block + indexValues[b * perBatch + i]! * row;
        if (row >= MIN_ROW_FOR_COPY) elements.copyWithin(target, start, start + row);
        else for (let e = 0; e < row; e++) elements[target + e] = elements[start + e]!;
      }
    }
  }
  return out;
}

export function rowGatherConfig(stock: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const attrs = args.attrs ?? {};
    const x = args.inputs["x"] as TensorInfo;
    const indices = args.inputs["indices"] as TensorInfo;
    const out = gatherRows(args.backend, x, indices, attrs["axis"] as number, (attrs["batchDims"] as number | undefined) ?? 0);
    return out ?? stock.kernelFunc(args);
  };
  return { kernelName: GatherV2, backendName: "wasm", kernelFunc };
}
