// The training step's loss, optimizer update and dropout as one native pass each: label-smoothed
// softmax cross-entropy with its gradient (instead of ~15 wasm kernels over [tokens, vocab]), Adam
// with global-norm clipping over the flat parameter vector (instead of ~15 over every parameter),
// and dropout with a hashed mask (instead of a mask drawn element by element in JavaScript).
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import type { KernelConfig, TensorInfo } from "@tensorflow/tfjs-core";
import { FUSED_ADAM, FUSED_DROPOUT, FUSED_SOFTMAX_CROSS_ENTROPY } from "../../src/backend/fused-kernels.js";
import type { NativeAddon } from "../addon.js";
import { heapView } from "./heap.js";

export interface DropoutAttrs { rate: number; seed: number }
export interface AdamAttrs { beta1: number; beta2: number; epsilon: number; correctedRate: number; clipNorm: number }

export function trainingKernels(native: NativeAddon): KernelConfig[] {
  return [
    {
      kernelName: FUSED_SOFTMAX_CROSS_ENTROPY,
      backendName: "wasm",
      kernelFunc: ({ inputs, attrs, backend }) => {
        const { logits, targets, rowWeights } = inputs as { logits: TensorInfo; targets: TensorInfo; rowWeights: TensorInfo };
        if (logits.shape.length !== 2 || logits.dtype !== "float32" || targets.dtype !== "int32") {
          throw new Error(`${FUSED_SOFTMAX_CROSS_ENTROPY} needs 2-D float32 logits and int32 targets`);
        }
        const wasm = backend as BackendWasm;
        const [rows, vocab] = logits.shape as [number, number];
        const loss = wasm.makeOutput([rows], "float32");
        const grad = wasm.makeOutput([rows, vocab], "float32");
        // Views are taken after every allocation: growing the heap detaches earlier views.
        native.softmaxCrossEntropy(heapView(wasm, logits), wasm.typedArrayFromHeap(targets) as Int32Array, heapView(wasm, rowWeights),
          heapView(wasm, loss), heapView(wasm, grad), rows, vocab, (attrs as unknown as { smoothing: number }).smoothing);
        return [loss, grad];
      },
    },
    {
      kernelName: FUSED_ADAM,
      backendName: "wasm",
      kernelFunc: ({ inputs, attrs, backend }) => {
        const { gradient, firstMoment, secondMoment } = inputs as { gradient: TensorInfo; firstMoment: TensorInfo; secondMoment: TensorInfo };
        const { beta1, beta2, epsilon, correctedRate, clipNorm } = attrs as unknown as AdamAttrs;
        const wasm = backend as BackendWasm;
        const newFirst = wasm.makeOutput(gradient.shape, "float32");
        const newSecond = wasm.makeOutput(gradient.shape, "float32");
        const update = wasm.makeOutput(gradient.shape, "float32");
        const norm = wasm.makeOutput([], "float32");
        const preClipNorm = native.adamUpdate(heapView(wasm, gradient), heapView(wasm, firstMoment), heapView(wasm, secondMoment),
          heapView(wasm, newFirst), heapView(wasm, newSecond), heapView(wasm, update), beta1, beta2, epsilon, correctedRate, clipNorm);
        heapView(wasm, norm)[0] = preClipNorm;
        return [newFirst, newSecond, update, norm];
      },
    },
    {
      kernelName: FUSED_DROPOUT,
      backendName: "wasm",
      kernelFunc: ({ inputs, attrs, backend }) => {
        const { x } = inputs as { x: TensorInfo };
        const { rate, seed } = attrs as unknown as DropoutAttrs;
        const wasm = backend as BackendWasm;
        const y = wasm.makeOutput(x.shape, "float32");
        native.dropout(heapView(wasm, x), heapView(wasm, y), 1 - rate, seed);
        return y;
      },
    },
  ];
}
