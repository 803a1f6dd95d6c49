import { describe, it, beforeAll } from "vitest";
import { useWasmBackend } from "../support/backend.js";
import { expectLearnsReversal } from "./reversal-learning.js";

describe("Transformer", () => {
  beforeAll(useWasmBackend);

  it("learns to reverse random sequences (>= 95% exact match on held-out data)", async () => {
    await expectLearnsReversal({
      arch: "transformer", vocabSize: 14, modelDim: 64, heads: 4, ffDim: 128, encoderLayers: 2, decoderLayers: 2, dropout: 0, maxLength: 16,
    }, 400);
  }, 120_000);
});
