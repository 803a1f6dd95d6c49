// Sum over a contiguous block of axes in one native pass; the wasm kernel first transposes the
// reduced axes to the end, which for a bias gradient (axis 0) costs more than the sum itself.
import * as tf from "@tensorflow/tfjs-core";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import type { SumAttrs, SumInputs } from "@tensorflow/tfjs-core";
import { heapView, type KernelFactory } from "./heap.js";

export const nativeSum: KernelFactory = (native, original) => (args) => {
  const { x } = args.inputs as SumInputs;
  const { axis, keepDims } = args.attrs as unknown as SumAttrs;
  if (x === undefined || x.dtype !== "float32" || tf.util.sizeFromShape(x.shape) === 0) return original(args);
  const axes = tf.util.parseAxisParam(axis, x.shape).sort((a, b) => a - b);
  const first = axes[0];
  const contiguous = axes.every((value, i) => value === (first ?? 0) + i);
  if (first === undefined || !contiguous) return original(args);
  const last = first + axes.length;
  const outer = tf.util.sizeFromShape(x.shape.slice(0, first));
  const reduce = tf.util.sizeFromShape(x.shape.slice(first, last));
  const inner = tf.util.sizeFromShape(x.shape.slice(last));
  const outShape = keepDims
    ? x.shape.map((dim, i) => (i >= first && i < last ? 1 : dim))
    : [...x.shape.slice(0, first), ...x.shape.slice(last)];
  const backend = args.backend as BackendWasm;
  const out = backend.makeOutput(outShape, "float32");
  native.sum(heapView(backend, x), heapView(backend, out), outer, reduce, inner);
  return out;
};
