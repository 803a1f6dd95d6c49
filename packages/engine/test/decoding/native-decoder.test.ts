import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { createModel } from "../../src/models/create-model.js";
import { TransformerModel } from "../../src/models/transformer/transformer-model.js";
import { NativeTransformerDecoder } from "../../src/models/transformer/native-transformer-decoder.js";
import { TensorDecoder } from "../../src/decoding/tensor-decoder.js";
import { greedyDecode } from "../../src/decoding/greedy.js";
import { beamSearch } from "../../src/decoding/beam-search.js";
import { train } from "../../src/training/trainer.js";
import { loadNativeAddon } from "../../src/backend/native-kernels.js";
import { reversalTask } from "../support/synthetic.js";
import { useWasmBackend } from "../support/backend.js";

const task = { symbols: 10, minLength: 2, maxLength: 9 };
const config = { arch: "transformer", vocabSize: 14, modelDim: 32, heads: 2, ffDim: 64, encoderLayers: 2, decoderLayers: 2, dropout: 0.1, maxLength: 24 } as const;

function nativeOf(model: TransformerModel): NativeTransformerDecoder {
  const native = NativeTransformerDecoder.fromModel(model);
  if (native === undefined) throw new Error("the native addon is not loaded");
  return native;
}

describe("native Transformer inference", () => {
  let model: TransformerModel;
  const sources = reversalTask(40, { ...task, seed: 21 }).map((p) => p.source);

  beforeAll(async () => {
    await useWasmBackend();
    model = createModel(config, 3) as TransformerModel;
    await train({ model, train: reversalTask(500, { ...task, seed: 5 }), seed: 2, maxSteps: 25, maxTokensPerBatch: 400, peakLearningRate: 3e-3, warmupSteps: 10 });
  }, 60_000);
  afterAll(() => model.dispose());

  it("decodes exactly what the TensorFlow.js graph decodes, greedy and beam, in batches and alone", () => {
    const graph = new TensorDecoder(model);
    const native = nativeOf(model);
    for (const batch of [1, 7, 40]) {
      const chunks = Array.from({ length: Math.ceil(sources.length / batch) }, (_, i) => sources.slice(i * batch, (i + 1) * batch));
      const greedy = (d: typeof graph | typeof native) => chunks.flatMap((c) => greedyDecode(d, c));
      const beam = (d: typeof graph | typeof native) => chunks.flatMap((c) => beamSearch(d, c, { beamSize: 4 }));
      const [g, n] = [greedy(graph), greedy(native)];
      expect(n.map((h) => h.tokens)).toEqual(g.map((h) => h.tokens));
      n.forEach((h, i) => expect(h.logProb).toBeCloseTo(g[i]!.logProb, 4));
      expect(beam(native).map((h) => h.tokens)).toEqual(beam(graph).map((h) => h.tokens));
    }
  });

  it("gives the log-probabilities of the graph at every step", () => {
    const graph = new TensorDecoder(model).start(sources.slice(0, 5), 1, 10);
    const native = nativeOf(model).start(sources.slice(0, 5), 1, 10);
    try {
      let tokens = Int32Array.from([2, 2, 2, 2, 2]);
      for (let step = 0; step < 4; step++) {
        graph.step(tokens);
        native.step(tokens);
        const [a, b] = [graph.topTokens(3), native.topTokens(3)];
        expect(Array.from(b.ids)).toEqual(Array.from(a.ids));
        b.values.forEach((v, i) => expect(v).toBeCloseTo(a.values[i]!, 4));
        tokens = Int32Array.from({ length: 5 }, (_, row) => a.ids[row * 3]!);
      }
    } finally {
      graph.dispose();
      native.dispose();
    }
  });

  it("is a snapshot: training the model afterwards does not change what it decodes", async () => {
    const copy = createModel(config, 3) as TransformerModel;
    try {
      copy.parameters.assignAll(new Map(model.parameters.names.map((name) => [name, model.parameters.get(name)])));
      const native = nativeOf(copy);
      const before = greedyDecode(native, sources).map((h) => h.tokens);
      await train({ model: copy, train: reversalTask(300, { ...task, seed: 8 }), seed: 4, maxSteps: 15, maxTokensPerBatch: 400, peakLearningRate: 1e-2, warmupSteps: 2 });
      expect(greedyDecode(new TensorDecoder(copy), sources).map((h) => h.tokens)).not.toEqual(before);
      expect(greedyDecode(native, sources).map((h) => h.tokens)).toEqual(before);
    } finally {
      copy.dispose();
    }
  });

  it("reuses a finished batch's memory without carrying anything over", () => {
    const native = nativeOf(model);
    const first = beamSearch(native, sources, { beamSize: 4 }).map((h) => h.tokens);
    const small = greedyDecode(native, sources.slice(0, 2)).map((h) => h.tokens);
    expect(beamSearch(native, sources, { beamSize: 4 }).map((h) => h.tokens)).toEqual(first);
    expect(greedyDecode(nativeOf(model), sources.slice(0, 2)).map((h) => h.tokens)).toEqual(small);
  });

  it("decodes the same with every instruction set the CPU runs (AVX-512, AVX2, generic), float32 and int8", () => {
    const addon = loadNativeAddon()!;
    const { available, selected } = addon.inferenceInstructionSets();
    expect(available).toContain("generic");
    try {
      const outputs = available.map((isa) => {
        addon.inferenceInstructionSets(isa);
        return (["float32", "int8"] as const).map((precision) => {
          const native = NativeTransformerDecoder.fromModel(model, { precision })!;
          return [...greedyDecode(native, sources), ...beamSearch(native, sources, { beamSize: 3 })].map((h) => h.tokens);
        });
      });
      for (const other of outputs.slice(1)) expect(other).toEqual(outputs[0]);
    } finally {
      addon.inferenceInstructionSets(selected);
    }
    expect(() => addon.inferenceInstructionSets("sse9")).toThrow(RangeError);
  });

  it("refuses rows, tokens and lengths outside the state with a RangeError", () => {
    const session = nativeOf(model).start(sources.slice(0, 2), 1, 2, 2);
    try {
      expect(() => session.step(Int32Array.from([2, 99]))).toThrow(RangeError);
      expect(() => session.step(Int32Array.from([2]))).toThrow(RangeError);
      session.step(Int32Array.from([2, 2]));
      expect(() => session.selectRows(Int32Array.from([0, 5]))).toThrow(RangeError);
      expect(() => session.selectRows(Int32Array.from([0, 1, 0, 1, 0]))).toThrow(RangeError);
      session.selectRows(Int32Array.from([1, 1, 0, 0]));
      expect(session.rows).toBe(4);
      session.step(Int32Array.from([4, 4, 5, 5]));
      expect(() => session.step(Int32Array.from([4, 4, 5, 5]))).toThrow(/capacity/);
    } finally {
      session.dispose();
    }
  });
});
