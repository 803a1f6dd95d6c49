// The shared check of the "learns" tests: a model trained on the reversal task reverses held-out
// sequences with >= 95% exact match.
import { expect } from "vitest";
import { createModel } from "../../src/models/create-model.js";
import type { ModelConfig } from "../../src/models/config.js";
import { train } from "../../src/training/trainer.js";
import { greedyDecode } from "../../src/decoding/greedy.js";
import { reversalTask, exactMatchRate } from "../support/synthetic.js";

const task = { symbols: 10, minLength: 3, maxLength: 6 };

export async function expectLearnsReversal(config: ModelConfig, maxSteps: number): Promise<void> {
  const model = createModel(config, 7);
  try {
    const result = await train({
      model, train: reversalTask(3000, { ...task, seed: 1 }), seed: 3, maxSteps, maxTokensPerBatch: 640,
      peakLearningRate: 3e-3, warmupSteps: 50, labelSmoothing: 0,
    });
    expect(result.stopReason).toBe("maxSteps");
    const heldOut = reversalTask(200, { ...task, seed: 2 });
    const outputs = greedyDecode(model, heldOut.map((p) => p.source));
    expect(exactMatchRate(outputs.map((h) => h.tokens), heldOut)).toBeGreaterThanOrEqual(0.95);
  } finally {
    model.dispose();
  }
}
