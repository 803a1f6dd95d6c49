import { BatchMatMul, Fill, Sum, getKernel, util, type KernelConfig, type KernelFunc, type TensorInfo } from "@tensorflow/tfjs-core";
import { asWasmBackend } from "../wasm-heap.js";

/**
 * Sums over leading axes (bias and scale gradients reduce [rows, features] over rows) as
 * ones[1, rows] x X[rows, features] on XNNPACK. The stock kernel first transposes X the
 * slow way (~50x slower). Everything else goes to the stock kernel.
 */
export function leadingAxisSumConfig(stock: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const { inputs, backend } = args;
    const attrs = args.attrs ?? {};
    const x = inputs["x"] as TensorInfo;
    const axes = util.parseAxisParam(attrs["axis"] as number | number[], x.shape).sort((a, b) => a - b);
    const leading = axes.length > 0 && axes.length < x.shape.length && axes.every((axis, i) => axis === i);
    if (!leading || x.dtype !== "float32") return stock.kernelFunc(args);
    const wasm = asWasmBackend(backend);
    const rows = util.sizeFromShape(x.shape.slice(0, axes.length));
    const cols = util.sizeFromShape(x.shape.slice(axes.length));
    const fill = getKernel(Fill, "wasm").kernelFunc;
    const matMul = getKernel(BatchMatMul, "wasm").kernelFunc;
    const ones = fill({ inputs: {}, backend, attrs: { shape: [1, 1, rows], value: 1, dtype: "float32" } }) as TensorInfo;
    // XNNPACK caches packed weights by tensor id, assuming one id always has one shape; a
    // reshaped view of x would hit a stale entry, so the matrix operand gets a fresh id.
    const matrix = wasm.makeOutput([1, rows, cols], "float32");
    const source = wasm.typedArrayFromHeap(x);
    wasm.typedArrayFromHeap(matrix).set(source);
    const out = matMul({ inputs: { a: ones, b: matrix }, backend, attrs: { transposeA: false, transposeB: false } }) as TensorInfo;
    wasm.disposeData(ones.dataId);
    wasm.disposeData(matrix.dataId);
    const keepDims = attrs["keepDims"] as boolean;
    const outShape = keepDims ? [...axes.map(() => 1), ...x.shape.slice(axes.length)] : x.shape.slice(axes.length);
    return { dataId: out.dataId, shape: outShape, dtype: out.dtype };
  };
  return { kernelName: Sum, backendName: "wasm", kernelFunc };
}
