import {
  BatchMatMul, Transpose, util, getKernel, type KernelConfig, type KernelFunc, type TensorInfo,
} from "@tensorflow/tfjs-core";
import { asWasmBackend } from "../wasm-heap.js";

/**
 * On wasm, only a non-transposed, non-batched matmul reaches XNNPACK (~30 GFLOP/s);
 * with transposeA or transposeB it falls to a generic loop (~1-3 GFLOP/s). Every matmul
 * gradient is transposed, so training would crawl. This wrapper materialises the
 * transpose first (cheap: O(n) vs O(n^1.5)) when both operands are single matrices.
 */
export function untransposedMatMulConfig(stock: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const { inputs, backend } = args;
    const attrs = args.attrs ?? {};
    const a = inputs["a"] as TensorInfo;
    const b = inputs["b"] as TensorInfo;
    const transposeA = attrs["transposeA"] as boolean;
    const transposeB = attrs["transposeB"] as boolean;
    const isSingleMatrix = (t: TensorInfo) => util.sizeFromShape(t.shape.slice(0, -2)) === 1;
    if ((!transposeA && !transposeB) || !isSingleMatrix(a) || !isSingleMatrix(b)) {
      return stock.kernelFunc(args);
    }
    const wasm = asWasmBackend(backend);
    const temporaries: TensorInfo[] = [];
    const plainA = transposeA ? transposeMatrix(a, backend, temporaries) : a;
    const plainB = transposeB ? transposeMatrix(b, backend, temporaries) : b;
    const out = stock.kernelFunc({
      inputs: { a: plainA, b: plainB },
      backend,
      attrs: { ...attrs, transposeA: false, transposeB: false },
    }) as TensorInfo;
    for (const t of temporaries) wasm.disposeData(t.dataId);
    return out;
  };
  return { kernelName: BatchMatMul, backendName: "wasm", kernelFunc };
}

/** Largest divisor of rows in [4, 64] (blocks must tile the rows exactly), if any. */
function blockSizeFor(rows: number): number | undefined {
  for (let size = Math.min(64, rows - 1); size >= 4; size--) if (rows % size === 0) return size;
  return undefined;
}

/**
 * Transposes the last two axes of a single matrix [r, c]. A direct transpose of a large
 * matrix thrashes the cache on wasm, so it runs as two blocked passes: rows are taken in
 * blocks of `blockRows`, each block is transposed ([c, blockRows], fits in cache), then
 * the blocks are interleaved by contiguous runs.
 */
function transposeMatrix(x: TensorInfo, backend: object, temporaries: TensorInfo[]): TensorInfo {
  const transpose = getKernel(Transpose, "wasm").kernelFunc;
  const rows = x.shape[x.shape.length - 2]!;
  const cols = x.shape[x.shape.length - 1]!;
  const blockRows = blockSizeFor(rows);
  const run = (input: TensorInfo, shape: number[], perm: number[]): TensorInfo => {
    const view: TensorInfo = { dataId: input.dataId, shape, dtype: input.dtype };
    const out = transpose({ inputs: { x: view }, backend, attrs: { perm } }) as TensorInfo;
    temporaries.push(out);
    return out;
  };
  let result: TensorInfo;
  if (blockRows === undefined || rows * cols < 65_536) {
    result = run(x, [rows, cols], [1, 0]);
  } else {
    const blocks = rows / blockRows;
    const blockTransposed = run(x, [blocks, blockRows, cols], [0, 2, 1]);
    result = run(blockTransposed, [blocks, cols, blockRows], [1, 0, 2]);
  }
  return { dataId: result.dataId, shape: [...x.shape.slice(0, -2), cols, rows], dtype: x.dtype };
}
