import { describe, it, expect, beforeAll } from "vitest";
import { createModel } from "../../src/models/create-model.js";
import { train } from "../../src/training/trainer.js";
import { greedyDecode } from "../../src/decoding/greedy.js";
import { reversalTask, exactMatchRate } from "../support/synthetic.js";
import { useWasmBackend } from "../support/backend.js";

describe("Transformer", () => {
  beforeAll(useWasmBackend);

  it("learns to reverse random sequences (>= 95% exact match on held-out data)", async () => {
    const task = { symbols: 10, minLength: 3, maxLength: 6 };
    const model = createModel({
      arch: "transformer", vocabSize: 14, modelDim: 64, heads: 4, ffDim: 128, encoderLayers: 2, decoderLayers: 2, dropout: 0, maxLength: 16,
    }, 7);
    try {
      const result = await train({
        model, train: reversalTask(3000, { ...task, seed: 1 }), seed: 3, maxSteps: 400, maxTokensPerBatch: 640,
        peakLearningRate: 3e-3, warmupSteps: 50, labelSmoothing: 0,
      });
      expect(result.stopReason).toBe("maxSteps");
      const heldOut = reversalTask(200, { ...task, seed: 2 });
      const outputs = greedyDecode(model, heldOut.map((p) => p.source));
      expect(exactMatchRate(outputs.map((h) => h.tokens), heldOut)).toBeGreaterThanOrEqual(0.95);
    } finally {
      model.dispose();
    }
  }, 120_000);
});
