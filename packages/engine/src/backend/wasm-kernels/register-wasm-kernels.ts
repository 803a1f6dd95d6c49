import { BatchMatMul, Cast, GatherV2, Slice, SplitV, Sum, TopK, Unpack, getKernel, registerKernel, unregisterKernel, type KernelConfig } from "@tensorflow/tfjs-core";
import { unsortedSegmentSumConfig } from "./unsorted-segment-sum.js";
import { rowGatherConfig } from "./row-gather.js";
import { untransposedMatMulConfig } from "./untransposed-matmul.js";
import { leadingAxisSumConfig } from "./leading-axis-sum.js";
import { castToBoolConfig } from "./cast-to-bool.js";
import { heapSliceConfig, heapSplitConfig, heapUnpackConfig } from "./heap-slice.js";
import { rowTopKConfig } from "./row-top-k.js";

let registered: string[] | undefined;

function replaceKernel(kernelName: string, makeConfig: (stock: KernelConfig) => KernelConfig): void {
  const stock = getKernel(kernelName, "wasm");
  if (stock === undefined) throw new Error(`wasm backend has no ${kernelName} kernel to wrap`);
  unregisterKernel(kernelName, "wasm");
  registerKernel(makeConfig(stock));
}

/**
 * Adds the kernels training needs that tfjs-backend-wasm lacks, and replaces stock
 * kernels by faster paths (see each file for why). Must run after the wasm backend is initialised. Idempotent.
 */
export function registerWasmKernels(): string[] {
  if (registered !== undefined) return registered;
  registerKernel(unsortedSegmentSumConfig);
  replaceKernel(BatchMatMul, untransposedMatMulConfig);
  replaceKernel(GatherV2, rowGatherConfig);
  replaceKernel(Sum, leadingAxisSumConfig);
  replaceKernel(Slice, heapSliceConfig);
  replaceKernel(SplitV, heapSplitConfig);
  replaceKernel(Unpack, heapUnpackConfig);
  replaceKernel(Cast, castToBoolConfig);
  replaceKernel(TopK, rowTopKConfig);
  registered = [unsortedSegmentSumConfig.kernelName, BatchMatMul, GatherV2, Sum, Slice, SplitV, Unpack, Cast, TopK];
  return registered;
}
