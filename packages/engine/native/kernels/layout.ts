// Kernels that only move data: Transpose (native, blocked), Identity and same-dtype Cast (share
// the input's buffer, as the cpu backend and the wasm Reshape do, instead of copying it), and
// GatherV2 (whole-row copies on the heap instead of the wasm kernel's per-element loop).
import * as tf from "@tensorflow/tfjs-core";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import type {
  CastAttrs,
  CastInputs,
  GatherV2Attrs,
  GatherV2Inputs,
  IdentityInputs,
  TensorInfo,
  TransposeAttrs,
  TransposeInputs,
} from "@tensorflow/tfjs-core";
import { heapOffset, heapView, heapWords, type KernelFactory } from "./heap.js";

export const nativeTranspose: KernelFactory = (native, original) => (args) => {
  const { x } = args.inputs as TransposeInputs;
  const { perm } = args.attrs as unknown as TransposeAttrs;
  if (x === undefined || x.dtype !== "float32" || tf.util.sizeFromShape(x.shape) === 0) return original(args);
  const backend = args.backend as BackendWasm;
  const out = backend.makeOutput(perm.map((axis) => x.shape[axis] ?? 0), "float32");
  native.transpose(heapView(backend, x), heapView(backend, out), x.shape, perm);
  return out;
};

function shareBuffer(backend: BackendWasm, x: TensorInfo): TensorInfo {
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

export const sharedIdentity: KernelFactory = (_native, original) => (args) => {
  const { x } = args.inputs as IdentityInputs;
  if (x === undefined || x.dtype === "string") return original(args);
  return shareBuffer(args.backend as BackendWasm, x);
};

export const sharedCast: KernelFactory = (_native, original) => (args) => {
  const { x } = args.inputs as CastInputs;
  const { dtype } = args.attrs as unknown as CastAttrs;
  if (x === undefined || x.dtype !== dtype || dtype === "string") return original(args);
  return shareBuffer(args.backend as BackendWasm, x);
};

/** Rows of at least this many elements are copied with copyWithin, shorter ones element by element. */
const MIN_ROW_FOR_COPY = 16;

export const rowGather: KernelFactory = (_native, original) => (args) => {
  const { x, indices } = args.inputs as GatherV2Inputs;
  const { axis, batchDims } = args.attrs as unknown as GatherV2Attrs;
  const wordSized = (t: TensorInfo | undefined) => t !== undefined && (t.dtype === "float32" || t.dtype === "int32");
  if (!wordSized(x) || indices?.dtype !== "int32" || tf.util.sizeFromShape(x!.shape) === 0) return original(args);
  const backend = args.backend as BackendWasm;
  const parsedAxis = tf.util.parseAxisParam(axis, x!.shape)[0] ?? 0;
  const info = tf.backend_util.segment_util.collectGatherOpShapeInfo(x!, indices, parsedAxis, batchDims ?? 0);
  const indexCount = tf.util.sizeFromShape(indices.shape);
  const indexValuesBefore = heapWords(backend).subarray(heapOffset(backend, indices) / 4).subarray(0, indexCount);
  for (const index of indexValuesBefore) {
    if (index < 0 || index >= info.dimSize) {
      throw new Error(`GatherV2: the index value ${index} is not in [0, ${info.dimSize - 1}]`);
    }
  }
  const out = backend.makeOutput(info.outputShape, x!.dtype);
  // Views again after the allocation, which may have replaced the heap's buffer.
  const words = heapWords(backend);
  const indexValues = words.subarray(heapOffset(backend, indices) / 4).subarray(0, indexCount);
  const perBatch = indexCount / info.batchSize;
  const [xStart, outStart, row] = [heapOffset(backend, x!) / 4, heapOffset(backend, out) / 4, info.sliceSize];
  let target = outStart;
  for (let b = 0; b < info.batchSize; b++) {
    for (let o = 0; o < info.outerSize; o++) {
      const block = xStart + ((b * info.outerSize + o) * info.dimSize) * row;
      for (let i = 0; i < perBatch; i++, target += row) {
        const source = block + indexValues[b * perBatch + i]! * row;
        if (row >= MIN_ROW_FOR_COPY) words.copyWithin(target, source, source + row);
        else for (let e = 0; e < row; e++) words[target + e] = words[source + e]!;
      }
    }
  }
  return out;
};
