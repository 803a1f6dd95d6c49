import { describe, it, beforeAll } from "vitest";
import { useWasmBackend } from "../support/backend.js";
import { expectLearnsReversal } from "./reversal-learning.js";

describe("LSTM with attention", () => {
  beforeAll(useWasmBackend);

  it("learns to reverse random sequences (>= 95% exact match on held-out data)", async () => {
    await expectLearnsReversal({
      arch: "lstm", vocabSize: 14, embedDim: 32, hiddenSize: 128, encoderLayers: 1, decoderLayers: 1, dropout: 0, maxLength: 16,
    }, 250);
  }, 120_000);
});
