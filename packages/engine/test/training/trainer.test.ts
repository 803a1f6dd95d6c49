import { describe, it, expect, beforeAll } from "vitest";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import { createModel } from "../../src/models/create-model.js";
import type { ModelConfig } from "../../src/models/config.js";
import type { Seq2SeqModel } from "../../src/models/seq2seq-model.js";
import { train, type TrainerOptions } from "../../src/training/trainer.js";
import { bucketBatches } from "../../src/training/batching.js";
import { evaluateLoss } from "../../src/training/train-step.js";
import { SeededRandom } from "../../src/util/seeded-random.js";
import type { TrainingProgress } from "../../src/training/progress.js";
import { reversalTask } from "../support/synthetic.js";
import { useWasmBackend } from "../support/backend.js";

const config: ModelConfig = {
  arch: "transformer", vocabSize: 14, modelDim: 16, heads: 2, ffDim: 32, encoderLayers: 1, decoderLayers: 1, dropout: 0.1, maxLength: 16,
};
const data = reversalTask(300, { symbols: 10, minLength: 2, maxLength: 8, seed: 1 });
const dev = reversalTask(40, { symbols: 10, minLength: 2, maxLength: 8, seed: 2 });
const base: Omit<TrainerOptions, "model"> = { train: data, dev, seed: 4, maxTokensPerBatch: 160, warmupSteps: 5, peakLearningRate: 2e-3 };

function weightsOf(model: Seq2SeqModel): Float32Array[] {
  return model.parameters.variables.map((v) => v.dataSync() as Float32Array);
}

/** The model's dev loss, computed as the trainer does (same batches, no dropout). */
function devLossOf(model: Seq2SeqModel): number {
  return evaluateLoss(model, bucketBatches(dev, base.maxTokensPerBatch!, new SeededRandom(0)));
}

async function withModel<T>(fn: (model: Seq2SeqModel) => Promise<T>): Promise<T> {
  const model = createModel(config, 5);
  try {
    return await fn(model);
  } finally {
    model.dispose();
  }
}

describe("trainer", () => {
  beforeAll(useWasmBackend);

  it("keeps the tensor count constant across steps and reports progress", async () => {
    await withModel(async (model) => {
      const counts: number[] = [];
      const progress: TrainingProgress[] = [];
      const result = await train({
        ...base, model, maxSteps: 12, evalEverySteps: 6,
        onProgress: (p) => { counts.push(tf.memory().numTensors); progress.push(p); },
      });
      expect(new Set(counts.slice(1)).size).toBe(1);
      expect(result.steps).toBe(12);
      expect(progress.map((p) => p.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
      expect(progress[5]!.devLoss).toBeGreaterThan(0);
      expect(progress[11]!.totalSteps).toBe(12);
      expect(progress[11]!.etaSeconds).toBe(0);
      expect(progress.every((p) => p.tokensPerSecond > 0 && Number.isFinite(p.loss))).toBe(true);
      expect(progress[11]!.loss).toBeLessThan(progress[0]!.loss);
    });
  });

  it("resumes from a checkpoint to exactly the weights of an uninterrupted run", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "parley-ckpt-"));
    try {
      const straight = await withModel(async (model) => {
        await train({ ...base, model, maxSteps: 10 });
        return weightsOf(model);
      });
      await withModel((model) => train({ ...base, model, maxSteps: 4, checkpointDir: dir, checkpointEverySteps: 4 }));
      const resumed = await withModel(async (model) => {
        const result = await train({ ...base, model, maxSteps: 10, resumeFrom: dir });
        expect(result.steps).toBe(10);
        return weightsOf(model);
      });
      expect(resumed).toEqual(straight);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("counts training time once when it checkpoints every step", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "parley-ckpt-"));
    try {
      const wallStarted = performance.now();
      const result = await withModel((model) => train({ ...base, model, maxSteps: 12, checkpointDir: dir, checkpointEverySteps: 1 }));
      const wallSeconds = (performance.now() - wallStarted) / 1000;
      expect(result.elapsedSeconds).toBeGreaterThan(0);
      expect(result.elapsedSeconds).toBeLessThanOrEqual(wallSeconds);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("stops early when the dev loss stops improving and restores the best weights", async () => {
    await withModel(async (model) => {
      // A learning rate far too high makes the dev loss diverge after the first evaluations.
      const result = await train({ ...base, model, maxSteps: 200, evalEverySteps: 2, patience: 2, peakLearningRate: 0.5, warmupSteps: 1 });
      expect(result.stopReason).toBe("earlyStopping");
      expect(result.steps).toBeLessThan(200);
      const devLosses = result.history.flatMap((p) => (p.devLoss === undefined ? [] : [p.devLoss]));
      expect(result.bestDevLoss).toBe(Math.min(...devLosses));
      // The last evaluations were worse (that is why it stopped): the model must hold the best ones.
      expect(devLosses.at(-1)!).toBeGreaterThan(result.bestDevLoss!);
      expect(devLossOf(model)).toBeCloseTo(result.bestDevLoss!, 5);
    });
  });

  it("restores the best weights at the end of a resumed run when the best came before the checkpoint", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "parley-ckpt-"));
    try {
      // The first session learns steadily; the resumed one, with a learning rate far too high, only gets worse.
      const settings = { ...base, evalEverySteps: 2, patience: 2, warmupSteps: 1 };
      const first = await withModel((model) => train({ ...settings, peakLearningRate: 0.05, model, maxSteps: 8, checkpointDir: dir, checkpointEverySteps: 8 }));
      const diverging = { ...settings, peakLearningRate: 50 };
      const result = await withModel(async (model) => {
        const resumed = await train({ ...diverging, model, maxSteps: 200, resumeFrom: dir });
        return { ...resumed, finalDevLoss: devLossOf(model) };
      });
      expect(result.stopReason).toBe("earlyStopping");
      expect(result.bestDevLoss).toBe(first.bestDevLoss);
      const resumedLosses = result.history.slice(first.history.length).flatMap((p) => (p.devLoss === undefined ? [] : [p.devLoss]));
      expect(Math.min(...resumedLosses)).toBeGreaterThan(result.bestDevLoss!);
      expect(result.finalDevLoss).toBeCloseTo(result.bestDevLoss!, 5);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("honours an abort signal and a time budget", async () => {
    await withModel(async (model) => {
      const controller = new AbortController();
      const aborted = await train({ ...base, model, maxSteps: 1000, signal: controller.signal, onProgress: (p) => { if (p.step === 3) controller.abort(); } });
      expect(aborted.stopReason).toBe("aborted");
      expect(aborted.steps).toBe(3);
      const timed = await train({ ...base, model, maxMinutes: 0.5 / 60 });
      expect(timed.stopReason).toBe("timeBudget");
      expect(timed.elapsedSeconds).toBeLessThan(5);
    });
  });
});
