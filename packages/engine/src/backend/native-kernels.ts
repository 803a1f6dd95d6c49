// Replaces the wasm backend's matmul kernels with OpenBLAS sgemm calls made through the
// native addon in packages/engine/native, operating in place on the wasm heap.
// Without the addon nothing is registered and the wasm kernels stay in use.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-wasm"; // registers the wasm kernels that get wrapped here
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import type {
  BatchMatMulAttrs,
  BatchMatMulInputs,
  KernelConfig,
  KernelFunc,
  TensorInfo,
  _FusedMatMulAttrs,
  _FusedMatMulInputs,
} from "@tensorflow/tfjs-core";

export interface NativeAddon {
  sgemm(
    transA: boolean, transB: boolean, m: number, n: number, k: number,
    a: Float32Array, b: Float32Array, c: Float32Array,
    batch: number, strideA: number, strideB: number, strideC: number, beta: number,
  ): void;
  fillBias(c: Float32Array, n: number, bias: Float32Array): void;
  activate(c: Float32Array, activation: number, alpha: number): void;
  setThreads(threads: number): void;
  info(): { coreName: string; config: string; threads: number };
}

export interface NativeKernelStatus {
  loaded: boolean;
  /** BLAS configuration when loaded, otherwise why the addon could not be loaded. */
  detail: string;
}

const ADDON_PATH = "../../native/build/Release/parley_native.node";
const BACKEND = "wasm";
/** Two BLAS threads measured fastest on the 2-core machines (bench/engine/matmul.ts). */
const DEFAULT_THREADS = 2;
/** Codes understood by the addon's activate(); other activations use the wasm kernel. */
const ACTIVATIONS: Partial<Record<string, number>> = { linear: 0, relu: 1, relu6: 2, leakyrelu: 3, sigmoid: 4, elu: 5 };

let addon: NativeAddon | null | undefined;
let loadFailure = "";
const originals = new Map<string, KernelConfig>();

/**
 * OpenBLAS core type for the addon: PARLEY_OPENBLAS_CORETYPE if set, else its AVX-512 kernels
 * ("SkylakeX") on CPUs that have AVX-512, which run the engine's shapes ~2x faster than the AVX2
 * "Haswell" kernels that these machines' environment pins with OPENBLAS_CORETYPE (measured in
 * bench/engine/matmul.ts); otherwise OpenBLAS's own choice.
 */
function chooseCoreType(): string | undefined {
  const forced = process.env.PARLEY_OPENBLAS_CORETYPE;
  if (forced !== undefined && forced !== "") return forced;
  let cpuinfo = "";
  try {
    cpuinfo = process.platform === "linux" ? readFileSync("/proc/cpuinfo", "utf8") : "";
  } catch {
    return undefined;
  }
  const flags = new Set(/^flags\s*:(.*)$/m.exec(cpuinfo)?.[1]?.trim().split(/\s+/) ?? []);
  const avx512 = ["avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"].every((flag) => flags.has(flag));
  return avx512 ? "SkylakeX" : undefined;
}

/** Requires the addon with OPENBLAS_CORETYPE set as chosen; OpenBLAS reads it only while loading. */
function requireWithCoreType(coreType: string | undefined): NativeAddon {
  const previous = process.env.OPENBLAS_CORETYPE;
  if (coreType !== undefined) process.env.OPENBLAS_CORETYPE = coreType;
  try {
    return createRequire(import.meta.url)(ADDON_PATH) as NativeAddon;
  } finally {
    if (previous === undefined) delete process.env.OPENBLAS_CORETYPE;
    else process.env.OPENBLAS_CORETYPE = previous;
  }
}

/** Loads the addon once; null when it is not built or cannot load. */
export function loadNativeAddon(): NativeAddon | null {
  if (addon !== undefined) return addon;
  try {
    addon = requireWithCoreType(chooseCoreType());
    addon.setThreads(Number(process.env.PARLEY_BLAS_THREADS ?? DEFAULT_THREADS));
  } catch (error) {
    addon = null;
    loadFailure = `native addon unavailable (${(error as Error).message.split("\n")[0]}); ` +
      "build it with `node packages/engine/native/build.mjs`";
  }
  return addon;
}

export function nativeKernelStatus(): NativeKernelStatus {
  const native = loadNativeAddon();
  if (native === null) return { loaded: false, detail: loadFailure };
  const { coreName, config, threads } = native.info();
  return { loaded: true, detail: `${config.split(" ").slice(0, 2).join(" ")} ${coreName}, ${threads} threads` };
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
  const aData = backend.typedArrayFromHeap(inputs[0]) as Float32Array;
  const bData = backend.typedArrayFromHeap(inputs[1]) as Float32Array;
  const cData = backend.typedArrayFromHeap(out) as Float32Array;
  const { m, n, k, batch, batchA, batchB } = plan;
  const strideA = batchA === 1 ? 0 : m * k;
  const strideB = batchB === 1 ? 0 : k * n;
  native.sgemm(transposeA, transposeB, m, n, k, aData, bData, cData, batch, strideA, strideB, m * n, beta);
}

function nativeBatchMatMul(native: NativeAddon, original: KernelFunc): KernelFunc {
  return (args) => {
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
}

function nativeFusedMatMul(native: NativeAddon, original: KernelFunc): KernelFunc {
  return (args) => {
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
      native.fillBias(backend.typedArrayFromHeap(out) as Float32Array, plan.n,
        backend.typedArrayFromHeap(bias) as Float32Array);
    }
    runSgemm(native, backend, [a, b], out, plan, transposeA, transposeB, bias === undefined ? 0 : 1);
    if (activationCode !== 0) {
      native.activate(backend.typedArrayFromHeap(out) as Float32Array, activationCode, leakyreluAlpha ?? 0.2);
    }
    return out;
  };
}

const NATIVE_KERNELS: Array<[string, (native: NativeAddon, original: KernelFunc) => KernelFunc]> = [
  [tf.BatchMatMul, nativeBatchMatMul],
  [tf._FusedMatMul, nativeFusedMatMul],
];

/**
 * Registers the OpenBLAS kernels over the wasm backend's own; unsupported cases (non-float32,
 * empty tensors, PReLU) still run the original kernel. Returns the kernel names now native,
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
