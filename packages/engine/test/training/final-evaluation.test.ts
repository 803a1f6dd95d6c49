import { beforeAll, describe, expect, it } from "vitest";
import { createModel } from "../../src/models/create-model.js";
import type { ModelConfig } from "../../src/models/config.js";
import { train } from "../../src/training/trainer.js";
import { reversalTask } from "../support/synthetic.js";
import { useWasmBackend } from "../support/backend.js";

const config: ModelConfig = {
  arch: "transformer", vocabSize: 14, modelDim: 16, heads: 2, ffDim: 32, encoderLayers: 1, decoderLayers: 1, dropout: 0.1, maxLength: 16,
};

describe("trainer budget end", () => {
  beforeAll(useWasmBackend);

  it("evaluates the dev set at the last step of its budget, so the steps after the last periodic evaluation are kept", async () => {
    const model = createModel(config, 5);
    try {
      const result = await train({
        model, train: reversalTask(300, { symbols: 10, minLength: 2, maxLength: 8, seed: 1 }),
        dev: reversalTask(40, { symbols: 10, minLength: 2, maxLength: 8, seed: 2 }),
        seed: 4, maxTokensPerBatch: 160, warmupSteps: 5, peakLearningRate: 2e-3, maxSteps: 13, evalEverySteps: 5,
      });
      const evaluated = result.history.filter((p) => p.devLoss !== undefined).map((p) => p.step);
      expect(evaluated).toEqual([5, 10, 13]);
      // The loss still falls at this point, so the weights of step 13 are the best ones and are kept.
      expect(result.bestDevLoss).toBe(result.history.at(-1)!.devLoss);
    } finally {
      model.dispose();
    }
  });
});
