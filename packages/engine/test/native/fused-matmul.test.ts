import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, it } from "vitest";
import { registerNativeKernels } from "../../src/backend/native-kernels.js";
import { expectClose, randomTensor, onCpu } from "./compare.js";
import { useWasmBackend } from "./wasm-backend.js";

beforeAll(async () => {
  await useWasmBackend();
  registerNativeKernels();
});

type FusedArgs = Parameters<typeof tf.fused.matMul>[0];

function fusedMatchesWasm(args: FusedArgs): void {
  tf.tidy(() => expectClose(tf.fused.matMul(args), onCpu(() => tf.fused.matMul(args))));
}

describe("native _FusedMatMul on the wasm backend", () => {
  const a = () => randomTensor([33, 47], 5);
  const b = () => randomTensor([47, 29], 6);
  const bias = () => randomTensor([29], 7);

  it("matches the cpu backend without bias or activation", () => {
    fusedMatchesWasm({ a: a(), b: b() });
  });

  for (const activation of ["linear", "relu", "relu6", "elu", "sigmoid", "leakyrelu"] as const) {
    it(`matches the cpu backend with a bias and ${activation}`, () => {
      fusedMatchesWasm({ a: a(), b: b(), bias: bias(), activation, leakyreluAlpha: 0.1 });
    });
  }

  it("matches the cpu backend with transposes, batches and a one-element bias", () => {
    fusedMatchesWasm({
      a: randomTensor([2, 47, 33], 8), b: randomTensor([2, 29, 47], 9), transposeA: true, transposeB: true,
      bias: tf.tensor1d([0.5]), activation: "relu",
    });
  });

  it("leaves prelu to the wasm kernel", () => {
    fusedMatchesWasm({ a: a(), b: b(), bias: bias(), activation: "prelu", preluActivationWeights: tf.scalar(0.3) });
  });
});
