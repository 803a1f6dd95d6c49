// Registers native kernels over the wasm backend's slow ones. They live in packages/engine/native
// (the addon and its kernels/) and work in place on the wasm heap: matmuls through OpenBLAS sgemm,
// exp/log/tanh/erf through vectorised libm, Sum and Transpose in native loops, Identity, Cast
// and GatherV2 without the wasm kernels' copies, and the engine's own fused layer norm, loss and
// Adam step. Without the addon nothing is registered and the wasm kernels stay in use; each native
// kernel also hands the cases it does not cover back to them.
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-wasm"; // registers the wasm kernels that get wrapped here
import type { KernelConfig } from "@tensorflow/tfjs-core";
import { loadNativeAddon, nativeAddonStatus, type NativeAddon, type NativeAddonStatus } from "../../native/addon.js";
import { UNARY_OPS, nativeUnary } from "../../native/kernels/elementwise.js";
import type { KernelFactory } from "../../native/kernels/heap.js";
import { nativeTranspose, rowGather, sharedCast, sharedIdentity } from "../../native/kernels/layout.js";
import { nativeBatchMatMul, nativeFusedMatMul } from "../../native/kernels/matmul.js";
import { nativeSum } from "../../native/kernels/reduce.js";
import { layerNormKernels } from "../../native/kernels/layer-norm.js";
import { trainingKernels } from "../../native/kernels/training.js";

export { loadNativeAddon, type NativeAddon, type NativeAddonStatus };

const BACKEND = "wasm";

const NATIVE_KERNELS: ReadonlyArray<readonly [string, KernelFactory]> = [
  [tf.BatchMatMul, nativeBatchMatMul],
  [tf._FusedMatMul, nativeFusedMatMul],
  ...UNARY_OPS.map(([name, op]) => [name, nativeUnary(op)] as const),
  [tf.Sum, nativeSum],
  [tf.Transpose, nativeTranspose],
  [tf.Identity, sharedIdentity],
  [tf.Cast, sharedCast],
  [tf.GatherV2, rowGather],
];

const originals = new Map<string, KernelConfig>();
/** Kernels the wasm backend does not have at all (see fused-kernels.ts). */
const added = new Set<string>();

/** Whether the addon loaded, with its BLAS configuration or the reason it did not load. */
export function nativeKernelStatus(): NativeAddonStatus {
  return nativeAddonStatus();
}

/**
 * Registers the native kernels for the wasm backend (before or after tf.setBackend("wasm")).
 * Returns the names of the kernels now native; empty when the addon is missing or disabled
 * (PARLEY_NATIVE=0). Safe to call more than once.
 */
export function registerNativeKernels(): string[] {
  const native = loadNativeAddon();
  if (native === null) return [];
  for (const [name, makeKernel] of NATIVE_KERNELS) {
    if (originals.has(name)) continue;
    const original = tf.getKernel(name, BACKEND) as KernelConfig | undefined;
    if (original === undefined) continue;
    tf.unregisterKernel(name, BACKEND);
    // The original's setupFunc is kept: the fallback path calls into the wasm module it prepares.
    tf.registerKernel({ ...original, kernelFunc: makeKernel(native, original.kernelFunc) });
    originals.set(name, original);
  }
  for (const config of [...layerNormKernels(native), ...trainingKernels(native)]) {
    if (added.has(config.kernelName)) continue;
    tf.registerKernel(config);
    added.add(config.kernelName);
  }
  return [...originals.keys(), ...added];
}

/** Puts the wasm backend's own kernels back (used by tests and benchmarks to compare). */
export function unregisterNativeKernels(): void {
  for (const [name, original] of originals) {
    tf.unregisterKernel(name, BACKEND);
    tf.registerKernel(original);
  }
  originals.clear();
  for (const name of added) tf.unregisterKernel(name, BACKEND);
  added.clear();
}
