// BatchMatMul and _FusedMatMul through OpenBLAS sgemm, in place on the wasm heap. Cases left to
// the wasm kernel: non-float32, empty tensors, PReLU, bias shapes other than [n] or [1], and
// batch broadcasts other than equal batches or a batch of one.
import * as tf from "@tensorflow/tfjs-core";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import type {
  BatchMatMulAttrs,
  BatchMatMulInputs,
  TensorInfo,
  _FusedMatMulAttrs,
  _FusedMatMulInputs,
} from "@tensorflow/tfjs-core";
import type { NativeAddon } from "../addon.js";
import { heapView, type KernelFactory } from "./heap.js";

/** Codes understood by the addon's activate(); other activations use the wasm kernel. */
const ACTIVATIONS: Partial<Record<string, number>> = { linear: 0, relu: 1, relu6: 2, leakyrelu: 3, sigmoid: 4, elu: 5 };

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

export const nativeBatchMatMul: KernelFactory = (native, original) => (args) => {
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

export const nativeFusedMatMul: KernelFactory = (native, original) => (args) => {
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
