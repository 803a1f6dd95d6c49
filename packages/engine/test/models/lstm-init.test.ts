import { describe, it, expect, beforeAll } from "vitest";
import * as tf from "@tensorflow/tfjs-core";
import { useWasmBackend } from "../support/backend.js";
import { LstmModel } from "../../src/models/lstm/lstm-model.js";
import { LstmDecoderState } from "../../src/models/lstm/lstm-state.js";
import { modelPresets } from "../../src/models/config.js";
import { SeededRandom } from "../../src/util/seeded-random.js";

describe("LSTM initialisation", () => {
  beforeAll(useWasmBackend);

  // With embeddings of scale 0.1 the gate pre-activations start near 0.03, the states near 0.005, and the
  // model spends its first few hundred steps learning unigram statistics only.
  it("starts with encoder states that respond to the input (small preset)", () => {
    const model = new LstmModel({ ...modelPresets.lstm.small, vocabSize: 200 }, new SeededRandom(1));
    try {
      const src = tf.tensor2d([[5, 17, 42, 99, 123, 7, 3], [150, 8, 61, 12, 3, 0, 0]], [2, 7], "int32");
      const state = model.encode(src);
      expect(state).toBeInstanceOf(LstmDecoderState);
      const outputs = (state as LstmDecoderState).memory.encoderOutputs;
      const spread = tf.tidy(() => tf.sqrt(tf.moments(tf.slice(outputs, [0, 0, 0], [1, 7, -1])).variance).dataSync()[0]!);
      state.dispose();
      src.dispose();
      expect(spread).toBeGreaterThan(0.05);
    } finally {
      model.dispose();
    }
  });
});
