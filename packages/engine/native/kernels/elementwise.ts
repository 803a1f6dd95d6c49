// Exp, Log, Tanh and Erf through the addon's vectorised libm loops (the wasm backend computes them
// one element at a time). Non-float32 input keeps the wasm kernel.
import * as tf from "@tensorflow/tfjs-core";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import type { UnaryInputs } from "@tensorflow/tfjs-core";
import { heapView, type KernelFactory } from "./heap.js";

/** Kernel names with the addon's unary() codes (UnaryOp in native/src/unary.h). */
export const UNARY_OPS: ReadonlyArray<readonly [string, number]> = [[tf.Exp, 0], [tf.Log, 1], [tf.Tanh, 2], [tf.Erf, 3]];

export function nativeUnary(op: number): KernelFactory {
  return (native, original) => (args) => {
    const { x } = args.inputs as UnaryInputs;
    if (x === undefined || x.dtype !== "float32" || tf.util.sizeFromShape(x.shape) === 0) return original(args);
    const backend = args.backend as BackendWasm;
    const out = backend.makeOutput(x.shape, "float32");
    native.unary(op, heapView(backend, x), heapView(backend, out));
    return out;
  };
}
