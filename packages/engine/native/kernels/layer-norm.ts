// Layer normalisation forward and backward as one native pass each, instead of ~10 wasm kernels
// (means, differences, products) per direction.
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import type { KernelConfig, TensorInfo } from "@tensorflow/tfjs-core";
import { FUSED_LAYER_NORM, FUSED_LAYER_NORM_GRAD } from "../../src/backend/fused-kernels.js";
import type { NativeAddon } from "../addon.js";
import { heapView } from "./heap.js";

function rowsAndWidth(shape: number[]): [number, number] {
  if (shape.length !== 2) throw new Error(`${FUSED_LAYER_NORM} needs a 2-D input, got [${shape}]`);
  return [shape[0]!, shape[1]!];
}

export function layerNormKernels(native: NativeAddon): KernelConfig[] {
  return [
    {
      kernelName: FUSED_LAYER_NORM,
      backendName: "wasm",
      kernelFunc: ({ inputs, attrs, backend }) => {
        const { x, gamma, beta } = inputs as { x: TensorInfo; gamma: TensorInfo; beta: TensorInfo };
        const wasm = backend as BackendWasm;
        const [rows, d] = rowsAndWidth(x.shape);
        const y = wasm.makeOutput([rows, d], "float32");
        const xHat = wasm.makeOutput([rows, d], "float32");
        const invStd = wasm.makeOutput([rows], "float32");
        // Views are taken after every allocation: growing the heap detaches earlier views.
        native.layerNorm(heapView(wasm, x), heapView(wasm, gamma), heapView(wasm, beta), heapView(wasm, y),
          heapView(wasm, xHat), heapView(wasm, invStd), rows, d, (attrs as unknown as { epsilon: number }).epsilon);
        return [y, xHat, invStd];
      },
    },
    {
      kernelName: FUSED_LAYER_NORM_GRAD,
      backendName: "wasm",
      kernelFunc: ({ inputs, backend }) => {
        const { dy, xHat, invStd, gamma } = inputs as { dy: TensorInfo; xHat: TensorInfo; invStd: TensorInfo; gamma: TensorInfo };
        const wasm = backend as BackendWasm;
        const [rows, d] = rowsAndWidth(dy.shape);
        const dx = wasm.makeOutput([rows, d], "float32");
        const dGamma = wasm.makeOutput([d], "float32");
        const dBeta = wasm.makeOutput([d], "float32");
        native.layerNormGrad(heapView(wasm, dy), heapView(wasm, xHat), heapView(wasm, invStd), heapView(wasm, gamma),
          heapView(wasm, dx), heapView(wasm, dGamma), heapView(wasm, dBeta), rows, d);
        return [dx, dGamma, dBeta];
      },
    },
  ];
}
