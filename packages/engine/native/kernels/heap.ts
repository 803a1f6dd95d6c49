// What the native kernels share: their factory type and views on the wasm heap.
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import type { KernelFunc, TensorInfo } from "@tensorflow/tfjs-core";
import type { NativeAddon } from "../addon.js";

/** Builds a native kernel around the wasm backend's original one (used for unsupported cases). */
export type KernelFactory = (native: NativeAddon, original: KernelFunc) => KernelFunc;

/** A float32 view of a tensor's data on the wasm heap; valid until the next heap allocation. */
export function heapView(backend: BackendWasm, tensor: TensorInfo): Float32Array {
  return backend.typedArrayFromHeap(tensor) as Float32Array;
}

