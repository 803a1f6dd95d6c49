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
import { gatherRows } from "../../src/backend/wasm-kernels/row-gather.js";
import { heapView, type KernelFactory } from "./heap.js";

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

/** Whole-row copies, shared with the engine's wasm kernel (which handles every dtype and batchDims). */
export const rowGather: KernelFactory = (_native, original) => (args) => {
  const { x, indices } = args.inputs as GatherV2Inputs;
  const { axis, batchDims } = args.attrs as unknown as GatherV2Attrs;
  if (x === undefined || indices === undefined) return original(args);
  return gatherRows(args.backend, x, indices, axis, batchDims ?? 0) ?? original(args);
};
