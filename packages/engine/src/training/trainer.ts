import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import * as tf from "@tensorflow/tfjs-core";
import type { Seq2SeqModel } from "../models/seq2seq-model.js";
import { SeededRandom } from "../util/seeded-random.js";
import { bucketBatches, pairLength, type TokenPair } from "./batching.js";
import { FlatAdam, defaultAdamSettings } from "./flat-adam.js";
import { inverseSqrtLearningRate } from "./learning-rate.js";
import { evaluateLoss, trainStep } from "./train-step.js";
import { loadCheckpoint, saveCheckpoint, type TrainerState } from "./checkpoint.js";
import { estimateEta, type StopReason, type TrainingProgress, type TrainingResult } from "./progress.js";

export interface TrainerOptions {
  model: Seq2SeqModel;
  train: readonly TokenPair[];
  dev?: readonly TokenPair[];
  seed?: number;
  /** Padded tokens (batch size x longest sequence) per batch. */
  maxTokensPerBatch?: number;
  labelSmoothing?: number;
  peakLearningRate?: number;
  warmupSteps?: number;
  clipNorm?: number;
  maxSteps?: number;
  maxEpochs?: number;
  maxMinutes?: number;
  /** Dev evaluation interval; defaults to once per epoch (at most every 500 steps). */
  evalEverySteps?: number;
  /**
   * Scores the model's current weights after each dev-loss evaluation (e.g. BLEU of greedy translations of a dev
   * sample), reported as the progress's devBleu. Its time counts towards maxMinutes.
   */
  devBleu?: () => Promise<number>;
  /** Evaluations without dev improvement before stopping. */
  patience?: number;
  checkpointDir?: string;
  checkpointEverySteps?: number;
  /** Files written into every checkpoint (e.g. the tokenizer, needed to resume). */
  checkpointExtraFiles?: Record<string, string>;
  resumeFrom?: string;
  onProgress?: (progress: TrainingProgress) => void;
  progressEverySteps?: number;
  signal?: AbortSignal;
}

/**
 * Teacher-forced training with length-bucketed batches, Adam with warm-up and inverse-sqrt
 * decay, global-norm clipping, seeded data order and dropout, periodic checkpoints and
 * resume, early stopping on dev loss (best weights restored), time budget and cancellation.
 */
export async function train(options: TrainerOptions): Promise<TrainingResult> {
  const { model } = options;
  const maxLength = model.config.maxLength;
  const trainPairs = options.train.filter((p) => pairLength(p) <= maxLength);
  if (trainPairs.length === 0) throw new Error("no training pairs fit the model's maxLength");
  const devPairs = (options.dev ?? []).filter((p) => pairLength(p) <= maxLength);
  const maxTokens = Math.max(options.maxTokensPerBatch ?? 2048, maxLength);
  const dataRandom = new SeededRandom(options.seed ?? 1);
  const devBatches = bucketBatches(devPairs, maxTokens, new SeededRandom(0));
  const optimizer = new FlatAdam(model.parameters.variables, { ...defaultAdamSettings, clipNorm: options.clipNorm ?? 1 });
  const peak = options.peakLearningRate ?? (model.config.arch === "transformer" ? 7e-4 : 1e-3);
  // Short runs (a step budget, or minutes on 2 CPU cores) cannot afford the usual 4000 warm-up steps.
  const warmup = options.warmupSteps ?? (options.maxSteps === undefined ? 200 : Math.min(400, Math.max(10, Math.round(options.maxSteps / 10))));
  const smoothing = options.labelSmoothing ?? 0.1;
  const patience = options.patience ?? 5;
  const maxSeconds = options.maxMinutes === undefined ? undefined : options.maxMinutes * 60;

  let state: TrainerState = {
    modelConfig: model.config, step: 0, epoch: 0, batchInEpoch: 0, epochStartRandom: dataRandom.state,
    dropoutRandom: new SeededRandom((options.seed ?? 1) ^ 0x5bd1e995).state, bestDevLoss: null,
    evalsWithoutImprovement: 0, trainTargetTokens: 0, elapsedSeconds: 0, history: [],
  };
  // The weights with the best dev loss so far, restored at the end (a resumed run starts from the checkpoint's).
  let bestWeights: Float32Array[] | undefined;
  if (options.resumeFrom !== undefined) {
    const checkpoint = await loadCheckpoint(options.resumeFrom, model);
    optimizer.restore(checkpoint.optimizer);
    state = checkpoint.state;
    bestWeights = checkpoint.bestWeights;
  }
  const dropout = { random: new SeededRandom(state.dropoutRandom) };
  const epochRandom = new SeededRandom(state.epochStartRandom);
  let batches = bucketBatches(trainPairs, maxTokens, epochRandom);
  const evalEvery = options.evalEverySteps ?? Math.min(batches.length, 500);
  const totalSteps = options.maxSteps ?? (options.maxEpochs === undefined ? undefined : options.maxEpochs * batches.length);
  const started = performance.now();
  const startStep = state.step;
  const elapsedBeforeThisSession = state.elapsedSeconds;
  const elapsed = () => elapsedBeforeThisSession + (performance.now() - started) / 1000;
  let sessionTokens = 0;
  let recentLoss = 0;
  let recentSteps = 0;
  let lastLoss = Number.NaN;
  let stopReason: StopReason | undefined;

  try {
    while (stopReason === undefined) {
      if (state.batchInEpoch >= batches.length) {
        state.epoch++;
        state.batchInEpoch = 0;
        state.epochStartRandom = epochRandom.state;
        batches = bucketBatches(trainPairs, maxTokens, epochRandom);
        if (options.maxEpochs !== undefined && state.epoch >= options.maxEpochs) { stopReason = "maxEpochs"; break; }
      }
      const learningRate = inverseSqrtLearningRate(state.step + 1, peak, warmup);
      const result = trainStep(model, optimizer, batches[state.batchInEpoch]!, learningRate, smoothing, dropout);
      state.step++;
      state.batchInEpoch++;
      state.trainTargetTokens += result.targetTokens;
      sessionTokens += result.targetTokens;
      recentLoss += result.loss;
      recentSteps++;
      lastLoss = result.loss;

      // The last step of a budget is always evaluated, so that the steps after the last periodic evaluation count.
      const lastStep = (options.maxSteps !== undefined && state.step >= options.maxSteps)
        || (maxSeconds !== undefined && elapsed() >= maxSeconds)
        || (options.maxEpochs !== undefined && state.batchInEpoch >= batches.length && state.epoch + 1 >= options.maxEpochs);
      let devLoss: number | undefined;
      let devBleu: number | undefined;
      if (devBatches.length > 0 && (state.step % evalEvery === 0 || lastStep)) {
        devLoss = evaluateLoss(model, devBatches);
        devBleu = await options.devBleu?.();
        if (state.bestDevLoss === null || devLoss < state.bestDevLoss) {
          state.bestDevLoss = devLoss;
          state.evalsWithoutImprovement = 0;
          bestWeights = model.parameters.variables.map((v) => v.dataSync() as Float32Array);
        } else if (++state.evalsWithoutImprovement >= patience) {
          stopReason = "earlyStopping";
        }
      }
      const seconds = elapsed();
      if (state.step % (options.progressEverySteps ?? 1) === 0 || devLoss !== undefined) {
        const secondsPerStep = (performance.now() - started) / 1000 / Math.max(1, state.step - startStep);
        const progress: TrainingProgress = {
          step: state.step, totalSteps, epoch: state.epoch, loss: recentLoss / recentSteps,
          tokensPerSecond: sessionTokens / ((performance.now() - started) / 1000), learningRate, elapsedSeconds: seconds,
          etaSeconds: estimateEta(state.step, secondsPerStep, seconds, { totalSteps, maxSeconds }),
          ...(devLoss === undefined ? {} : { devLoss }),
          ...(devBleu === undefined ? {} : { devBleu }),
        };
        state.history.push(progress);
        options.onProgress?.(progress);
        recentLoss = 0;
        recentSteps = 0;
      }
      if (stopReason === undefined) {
        if (options.maxSteps !== undefined && state.step >= options.maxSteps) stopReason = "maxSteps";
        else if (maxSeconds !== undefined && seconds >= maxSeconds) stopReason = "timeBudget";
        else if (options.signal?.aborted === true) stopReason = "aborted";
      }
      const checkpointDue = options.checkpointDir !== undefined && options.checkpointEverySteps !== undefined
        && (state.step % options.checkpointEverySteps === 0 || stopReason !== undefined);
      if (checkpointDue) {
        state.dropoutRandom = dropout.random.state;
        state.elapsedSeconds = elapsed();
        await saveCheckpoint(options.checkpointDir!, model, optimizer.snapshot(), state, options.checkpointExtraFiles, bestWeights);
      }
      await yieldToEventLoop();
      if (stopReason === undefined && options.signal?.aborted === true) stopReason = "aborted";
    }
  } finally {
    optimizer.dispose();
  }
  if (bestWeights !== undefined) {
    const weights = bestWeights;
    tf.tidy(() => model.parameters.variables.forEach((v, i) => v.assign(tf.tensor(weights[i]!, v.shape))));
  }
  const elapsedSeconds = elapsed();
  return {
    steps: state.step, epochs: state.epoch, stopReason,
    ...(state.bestDevLoss === null ? {} : { bestDevLoss: state.bestDevLoss }),
    finalTrainLoss: lastLoss, trainTargetTokens: state.trainTargetTokens,
    tokensPerSecond: sessionTokens / ((performance.now() - started) / 1000), elapsedSeconds,
    skippedExamples: options.train.length - trainPairs.length, history: state.history,
  };
}
