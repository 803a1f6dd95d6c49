import { describe, it, expect, beforeAll, afterAll } from "vitest";
import * as tf from "@tensorflow/tfjs-core";
import { createModel } from "../../src/models/create-model.js";
import type { Seq2SeqModel } from "../../src/models/seq2seq-model.js";
import { train } from "../../src/training/trainer.js";
import { greedyDecode } from "../../src/decoding/greedy.js";
import { beamSearch } from "../../src/decoding/beam-search.js";
import { maxOutputLength } from "../../src/decoding/scoring.js";
import type { IncrementalDecoder } from "../../src/decoding/incremental-decoder.js";
import { TensorDecoder } from "../../src/decoding/tensor-decoder.js";
import { NativeTransformerDecoder } from "../../src/models/transformer/native-transformer-decoder.js";
import { TransformerModel } from "../../src/models/transformer/transformer-model.js";
import { reversalTask } from "../support/synthetic.js";
import { useWasmBackend } from "../support/backend.js";

const task = { symbols: 10, minLength: 2, maxLength: 9 };

/** Briefly trained models: peaked enough that beam and greedy differ sometimes, not a solved task. */
async function brieflyTrained(arch: "transformer" | "lstm"): Promise<Seq2SeqModel> {
  const config = arch === "transformer"
    ? { arch, vocabSize: 14, modelDim: 32, heads: 2, ffDim: 64, encoderLayers: 1, decoderLayers: 2, dropout: 0.1, maxLength: 24 } as const
    : { arch, vocabSize: 14, embedDim: 16, hiddenSize: 32, encoderLayers: 1, decoderLayers: 1, dropout: 0.1, maxLength: 24 } as const;
  const model = createModel(config, 11);
  await train({ model, train: reversalTask(500, { ...task, seed: 5 }), seed: 2, maxSteps: 25, maxTokensPerBatch: 400, peakLearningRate: 3e-3, warmupSteps: 10 });
  return model;
}

/** The TensorFlow.js graph of any model, or native Transformer inference (needs the addon: PARLEY_REQUIRE_NATIVE). */
function decoderFor(model: Seq2SeqModel, kind: "graph" | "native"): IncrementalDecoder {
  if (kind === "graph") return new TensorDecoder(model);
  const native = NativeTransformerDecoder.fromModel(model as TransformerModel);
  if (native === undefined) throw new Error("the native addon is not loaded");
  return native;
}

describe.each([["transformer", "graph"], ["transformer", "native"], ["lstm", "graph"]] as const)("decoding with the %s (%s)", (arch, kind) => {
  let model: IncrementalDecoder;
  let seq2seq: Seq2SeqModel;
  const sources = reversalTask(12, { ...task, seed: 9 }).map((p) => p.source);

  beforeAll(async () => {
    await useWasmBackend();
    seq2seq = await brieflyTrained(arch);
    model = decoderFor(seq2seq, kind);
  }, 60_000);
  afterAll(() => seq2seq.dispose());

  it("gives the same greedy outputs batched and one sentence at a time", () => {
    const batched = greedyDecode(model, sources);
    const single = sources.map((s) => greedyDecode(model, [s])[0]!);
    expect(batched.map((h) => h.tokens)).toEqual(single.map((h) => h.tokens));
    // Padding changes float summation order in places, so scores agree to rounding, not bits.
    batched.forEach((h, i) => expect(h.logProb).toBeCloseTo(single[i]!.logProb, 4));
  });

  it("gives the same beam outputs batched and one sentence at a time", () => {
    const batched = beamSearch(model, sources, { beamSize: 4 });
    const single = sources.map((s) => beamSearch(model, [s], { beamSize: 4 })[0]!);
    expect(batched.map((h) => h.tokens)).toEqual(single.map((h) => h.tokens));
  });

  it("never scores a beam result below greedy under the same score, and beam 1 equals greedy", () => {
    for (const alpha of [0, 0.6, 1]) {
      const greedy = greedyDecode(model, sources, { lengthPenaltyAlpha: alpha });
      const beam = beamSearch(model, sources, { beamSize: 3, lengthPenaltyAlpha: alpha });
      // Rows are scored inside batches of other shapes, and BLAS sums in a shape-dependent
      // order: the same hypothesis can differ in the last float bits (seen: 2.4e-7).
      beam.forEach((b, i) => expect(b.score).toBeGreaterThanOrEqual(greedy[i]!.score - 1e-5));
    }
    const beamOfOne = beamSearch(model, sources, { beamSize: 1, lengthPenaltyAlpha: 0 });
    expect(beamOfOne.map((h) => h.tokens)).toEqual(greedyDecode(model, sources).map((h) => h.tokens));
  });

  it("respects the length limit and leaves no tensors behind", () => {
    const before = tf.memory().numTensors;
    const limit = { ratio: 0, extra: 2 };
    const outputs = [...greedyDecode(model, sources, { lengthLimit: limit }), ...beamSearch(model, sources, { beamSize: 3, lengthLimit: limit })];
    for (const h of outputs) expect(h.tokens.length).toBeLessThanOrEqual(2);
    greedyDecode(model, sources);
    beamSearch(model, sources, { beamSize: 2 });
    expect(tf.memory().numTensors).toBe(before);
    expect(maxOutputLength(1000, 24)).toBe(24);
  });
});
