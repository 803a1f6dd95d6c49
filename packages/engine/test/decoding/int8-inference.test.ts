import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { createModel } from "../../src/models/create-model.js";
import type { TransformerModel } from "../../src/models/transformer/transformer-model.js";
import { NativeTransformerDecoder } from "../../src/models/transformer/native-transformer-decoder.js";
import { beamSearch } from "../../src/decoding/beam-search.js";
import { greedyDecode } from "../../src/decoding/greedy.js";
import { corpusBleu } from "../../src/eval/bleu.js";
import { quantizeInt8, dequantizeInt8, quantizationAxis } from "../../src/artifacts/int8-quantization.js";
import * as tf from "@tensorflow/tfjs-core";
import { train } from "../../src/training/trainer.js";
import { reversalTask } from "../support/synthetic.js";
import { useWasmBackend } from "../support/backend.js";

const task = { symbols: 20, minLength: 3, maxLength: 12 };
const config = { arch: "transformer", vocabSize: 24, modelDim: 64, heads: 4, ffDim: 128, encoderLayers: 2, decoderLayers: 2, dropout: 0.1, maxLength: 32 } as const;

function decoder(model: TransformerModel, precision: "float32" | "int8"): NativeTransformerDecoder {
  const native = NativeTransformerDecoder.fromModel(model, { precision });
  if (native === undefined) throw new Error("the native addon is not loaded");
  return native;
}

const text = (tokens: readonly number[]) => tokens.join(" ");

describe("int8 weight inference", () => {
  let model: TransformerModel;
  const test = reversalTask(200, { ...task, seed: 77 });

  beforeAll(async () => {
    await useWasmBackend();
    model = createModel(config, 5) as TransformerModel;
    await train({ model, train: reversalTask(2000, { ...task, seed: 6 }), seed: 3, maxSteps: 120, maxTokensPerBatch: 800, peakLearningRate: 3e-3, warmupSteps: 20 });
  }, 120_000);
  afterAll(() => model.dispose());

  it("scores within 0.3 BLEU of float32 on a small model, greedy and beam", () => {
    const references = [test.map((p) => text(p.target))];
    const sources = test.map((p) => p.source);
    const bleu = (outputs: { tokens: number[] }[]) => corpusBleu(outputs.map((h) => text(h.tokens)), references).score;
    const [f32, i8] = [decoder(model, "float32"), decoder(model, "int8")];
    const greedy = [bleu(greedyDecode(f32, sources)), bleu(greedyDecode(i8, sources))];
    const beam = [bleu(beamSearch(f32, sources, { beamSize: 4 })), bleu(beamSearch(i8, sources, { beamSize: 4 }))];
    expect(greedy[0]).toBeGreaterThan(10); // a model that translates, so the comparison means something
    expect(Math.abs(greedy[1]! - greedy[0]!)).toBeLessThanOrEqual(0.3);
    expect(Math.abs(beam[1]! - beam[0]!)).toBeLessThanOrEqual(0.3);
  });

  it("computes the float32 model's function when the weights are already int8 values (as shipped models are)", () => {
    const stored = createModel(config, 5) as TransformerModel;
    try {
      // Round every matrix through the artifacts' int8 quantization, as loading an int8 artifact does.
      stored.parameters.assignAll(new Map(model.parameters.names.map((name) => {
        const variable = model.parameters.get(name);
        const axis = quantizationAxis(name, variable.shape);
        const values = variable.dataSync() as Float32Array;
        const rounded = axis === undefined ? values : dequantizeInt8(quantizeInt8(values, variable.shape, axis));
        return [name, tf.tensor(rounded, variable.shape)];
      })));
      const sources = test.map((p) => p.source);
      const [f32, i8] = [decoder(stored, "float32"), decoder(stored, "int8")];
      const a = greedyDecode(f32, sources);
      const b = greedyDecode(i8, sources);
      expect(b.map((h) => h.tokens)).toEqual(a.map((h) => h.tokens));
      b.forEach((h, i) => expect(h.logProb).toBeCloseTo(a[i]!.logProb, 3));
    } finally {
      stored.dispose();
    }
  });
});
