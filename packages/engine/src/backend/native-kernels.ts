// Replaces slow kernels of the wasm backend with native ones from the addon in
// packages/engine/native, working in place on the wasm heap: matmuls through OpenBLAS sgemm, and
// exp/log/tanh/erf through vectorised libm. Without the addon nothing is registered and the wasm
// kernels stay in use.
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-wasm"; // registers the wasm kernels that get wrapped here
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import type {
  BatchMatMulAttrs,
  BatchMatMulInputs,
  KernelConfig,
  KernelFunc,
  TensorInfo,
  UnaryInputs,
  _FusedMatMulAttrs,
  _FusedMatMulInputs,
} from "@tensorflow/tfjs-core";
import { loadNativeAddon, nativeAddonStatus, type NativeAddon, type NativeAddonStatus } from "../../native/addon.js";

export { loadNativeAddon, type NativeAddon };

const BACKEND = "wasm";
/** Codes understood by the addon's activate(); other activations use the wasm kernel. */
const ACTIVATIONS: Partial<Record<string, number>> = { linear: 0, relu: 1, relu6: 2, leakyrelu: 3, sigmoid: 4, elu: 5 };
/** Codes of the addon's unary() (UnaryOp in native/src/unary.h). */
const UNARY_OPS: Array<[string, number]> = [[tf.Exp, 0], [tf.Log, 1], [tf.Tanh, 2], [tf.Erf, 3]];

/** Builds a native kernel around the wasm backend's original one (used for unsupported cases). */
type KernelFactory = (native: NativeAddon, original: KernelFunc) => KernelFunc;

const originals = new Map<string, KernelConfig>();

/** Whether the addon loaded, with its BLAS configuration or the reason it did not load. */
export function nativeKernelStatus(): NativeAddonStatus {
  return nativeAddonStatus();
}

/** A float32 view of a tensor's data on the wasm heap (valid until the next allocation). */
function heapView(backend: BackendWasm, tensor: TensorInfo): Float32Array {
  return backend.typedArrayFromHeap(tensor) as Float32Array;
}

interface MatMulPlan {
  m: number;
  n: number;
  k: number;
  outBatchShape: number[];
  batch: number;
  /** Batch sizes of a and b: each is either `batch` (same layout as the output) or 1 (broadcast). */
  batchA: number;
  batchB: number;
}

/** Shapes of op(A)·op(B), or null when the case is left to the wasm kernel. */
function planMatMul(a: TensorInfo, b: TensorInfo, transposeA: boolean, transposeB: boolean): MatMulPlan | null {
  if (a.dtype !== "float32" || b.dtype !== "float32" || a.shape.length < 2 || b.shape.length < 2) return null;
  const [a0, a1] = a.shape.slice(-2) as [number, number];
  const [b0, b1] = b.shape.slice(-2) as [number, number];
  const [m, k] = transposeA ? [a1, a0] : [a0, a1];
  const [kB, n] = transposeB ? [b1, b0] : [b0, b1];
  const batchShapeA = a.shape.slice(0, -2);
  const batchShapeB = b.shape.slice(0, -2);
  if (k !== kB || m * n * k === 0) return null;
  let outBatchShape: number[];
  try {
    outBatchShape = tf.broadcast_util.assertAndGetBroadcastShape(batchShapeA, batchShapeB);
  } catch {
    return null;
  }
  const batch = tf.util.sizeFromShape(outBatchShape);
  const batchA = tf.util.sizeFromShape(batchShapeA);
  const batchB = tf.util.sizeFromShape(batchShapeB);
  // Other broadcasts (e.g. [2, 1] against [1, 3]) keep the wasm kernel's own behaviour.
  const fits = (size: number) => size === batch || size === 1;
  if (batch === 0 || !fits(batchA) || !fits(batchB)) return null;
  return { m, n, k, outBatchShape, batch, batchA, batchB };
}

function runSgemm(
  native: NativeAddon, backend: BackendWasm, inputs: [TensorInfo, TensorInfo], out: TensorInfo,
  plan: MatMulPlan, transposeA: boolean, transposeB: boolean, beta: number,
): void {
  // Views are taken after makeOutput: an allocation may grow (and replace) the wasm heap buffer.
  const aData = heapView(backend, inputs[0]);
  const bData = heapView(backend, inputs[1]);
  const cData = heapView(backend, out);
  const { m, n, k, batch, batchA, batchB } = plan;
  const strideA = batchA === 1 ? 0 : m * k;
  const strideB = batchB === 1 ? 0 : k * n;
  native.sgemm(transposeA, transposeB, m, n, k, aData, bData, cData, batch, strideA, strideB, m * n, beta);
}

const nativeBatchMatMul: KernelFactory = (native, original) => (args) => {
  const { a, b } = args.inputs as BatchMatMulInputs;
  const { transposeA, transposeB } = args.attrs as unknown as BatchMatMulAttrs;
  if (a === undefined || b === undefined) return original(args);
  const plan = planMatMul(a, b, transposeA, transposeB);
  if (plan === null) return original(args);
  const backend = args.backend as BackendWasm;
  const out = backend.makeOutput([...plan.outBatchShape, plan.m, plan.n], "float32");
  runSgemm(native, backend, [a, b], out, plan, transposeA, transposeB, 0);
  return out;
};

const nativeFusedMatMul: KernelFactory = (native, original) => (args) => {
  const { a, b, bias, preluActivationWeights } = args.inputs as _FusedMatMulInputs;
  const { transposeA, transposeB, activation, leakyreluAlpha } = args.attrs as unknown as _FusedMatMulAttrs;
  const plan = planMatMul(a, b, transposeA, transposeB);
  const activationCode = ACTIVATIONS[activation];
  const biasSize = bias === undefined ? 0 : tf.util.sizeFromShape(bias.shape);
  const biasFits = bias === undefined ||
    (bias.dtype === "float32" && (biasSize === 1 || (biasSize === plan?.n && bias.shape.at(-1) === plan.n)));
  if (plan === null || activationCode === undefined || preluActivationWeights !== undefined || !biasFits) {
    return original(args);
  }
  const backend = args.backend as BackendWasm;
  const out = backend.makeOutput([...plan.outBatchShape, plan.m, plan.n], "float32");
  if (bias !== undefined) {
    native.fillBias(heapView(backend, out), plan.n, heapView(backend, bias));
  }
  runSgemm(native, backend, [a, b], out, plan, transposeA, transposeB, bias === undefined ? 0 : 1);
  if (activationCode !== 0) {
    native.activate(heapView(backend, out), activationCode, leakyreluAlpha ?? 0.2);
  }
  return out;
};

function nativeUnary(op: number): KernelFactory {
  return (native, original) => (args) => {
    const { x } = args.inputs as UnaryInputs;
    if (x === undefined || x.dtype !== "float32" || tf.util.sizeFromShape(x.shape) === 0) return original(args);
    const backend = args.backend as BackendWasm;
    const out = backend.makeOutput(x.shape, "float32");
    native.unary(op, heapView(backend, x), heapView(backend, out));
    return out;
  };
}

const NATIVE_KERNELS: Array<[string, KernelFactory]> = [
  [tf.BatchMatMul, nativeBatchMatMul],
  [tf._FusedMatMul, nativeFusedMatMul],
  ...UNARY_OPS.map(([name, op]): [string, KernelFactory] => [name, nativeUnary(op)]),
];

/**
 * Registers the native kernels over the wasm backend's own; unsupported cases (non-float32,
 * empty tensors, PReLU, partial batch broadcasts) still run the original kernel. Returns the kernel names now native,
 * empty when the addon is missing. Safe to call more than once.
 */
export function registerNativeKernels(): string[] {
  const native = loadNativeAddon();
  if (native === null) return [];
  for (const [name, makeKernel] of NATIVE_KERNELS) {
    if (originals.has(name)) continue;
    const original = tf.getKernel(name, BACKEND) as KernelConfig | undefined;
    if (original === undefined) continue;
    tf.unregisterKernel(name, BACKEND);
    tf.registerKernel({ ...original, kernelFunc: makeKernel(native, original.kernelFunc) });
    originals.set(name, original);
  }
  return [...originals.keys()];
}

/** Puts the wasm backend's own kernels back (used by tests and benchmarks to compare). */
export function unregisterNativeKernels(): void {
  for (const [name, original] of originals) {
    tf.unregisterKernel(name, BACKEND);
    tf.registerKernel(original);
  }
  originals.clear();
}
