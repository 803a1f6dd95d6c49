import { UnsortedSegmentSum, util, type KernelConfig, type KernelFunc, type TensorInfo } from "@tensorflow/tfjs-core";
import { asWasmBackend } from "../wasm-heap.js";

/**
 * tfjs-backend-wasm has no UnsortedSegmentSum, which is the gradient of Gather: without it,
 * embeddings cannot be trained on wasm. Sums rows of `x` into `numSegments` rows by id;
 * ids outside [0, numSegments) are dropped, as in TensorFlow. The result is float32 for every
 * input dtype, as tfjs's cpu kernel gives (summed bools are counts, not bools).
 */
const unsortedSegmentSum: KernelFunc = ({ inputs, backend, attrs = {} }) => {
  const wasm = asWasmBackend(backend);
  const x = inputs["x"] as TensorInfo;
  const segmentIds = inputs["segmentIds"] as TensorInfo;
  const numSegments = attrs["numSegments"] as number;
  const idCount = util.sizeFromShape(segmentIds.shape);
  const rowSize = idCount === 0 ? 0 : util.sizeFromShape(x.shape) / idCount;
  const outShape = [numSegments, ...x.shape.slice(segmentIds.shape.length)];
  const out = wasm.makeOutput(outShape, "float32");
  // Views are taken after makeOutput: allocating may grow the heap and detach older views.
  const xValues = wasm.typedArrayFromHeap(x);
  const ids = wasm.typedArrayFromHeap(segmentIds);
  const outValues = wasm.typedArrayFromHeap(out);
  outValues.fill(0);
  for (let i = 0; i < idCount; i++) {
    const segment = ids[i]!;
    if (segment < 0 || segment >= numSegments) continue;
    const src = i * rowSize;
    const dst = segment * rowSize;
    for (let j = 0; j < rowSize; j++) outValues[dst + j]! += xValues[src + j]!;
  }
  return out;
};

export const unsortedSegmentSumConfig: KernelConfig = {
  kernelName: UnsortedSegmentSum,
  backendName: "wasm",
  kernelFunc: unsortedSegmentSum,
};
