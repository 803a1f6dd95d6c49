import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { initBackend } from "../backend/init-backend.js";
import { engineLogger } from "../backend/logger.js";
import { presetConfig, type Architecture, type PresetName } from "../models/config.js";
import { createModel } from "../models/create-model.js";
import { saveArtifact, TOKENIZER_FILE, type Metrics } from "../artifacts/model-artifact.js";
import { defaultTokenizerCodec, type Tokenizer, type TokenizerCodec } from "../artifacts/tokenizer-codec.js";
import { train } from "./trainer.js";
import type { TokenPair } from "./batching.js";
import type { TrainingProgress } from "./progress.js";

export interface TextPair { source: string; target: string }

export interface TrainModelOptions {
  train: TextPair[];
  dev: TextPair[];
  arch: Architecture;
  preset: PresetName;
  /** The model version directory to write. */
  outDir: string;
  maxMinutes?: number;
  maxSteps?: number;
  maxEpochs?: number;
  seed?: number;
  /** BPE vocabulary size (default 8000). */
  vocabSize?: number;
  /** A checkpoint directory (by default `<outDir>/checkpoint` is written while training). */
  resumeFrom?: string;
  onProgress?: (progress: TrainingProgress) => void;
  signal?: AbortSignal;
  maxTokensPerBatch?: number;
  peakLearningRate?: number;
  warmupSteps?: number;
  checkpointEverySteps?: number;
  /** Defaults to the BPE tokenizer of src/text. */
  tokenizerCodec?: TokenizerCodec;
}

export interface TrainModelResult { dir: string; metrics: Metrics }

const CHECKPOINT_DIR = "checkpoint";

/**
 * Trains a tokenizer and a model from text pairs and writes a model version directory
 * (config, tokenizer, weights, metrics incl. train-log.json, checksum). A checkpoint is kept
 * in `<outDir>/checkpoint` while training and removed on success; pass it as `resumeFrom`
 * to continue an interrupted run. Throws an AbortError when `signal` aborts.
 */
export async function trainModel(options: TrainModelOptions): Promise<TrainModelResult> {
  const backend = await initBackend();
  const codec = options.tokenizerCodec ?? (await defaultTokenizerCodec());
  const tokenizer: Tokenizer = options.resumeFrom === undefined
    ? await codec.train(options.train.flatMap((p) => [p.source, p.target]), { vocabSize: options.vocabSize ?? 8000 })
    : codec.fromJSON(JSON.parse(await readFile(path.join(options.resumeFrom, TOKENIZER_FILE), "utf8")));
  const encode = (pairs: TextPair[]): TokenPair[] =>
    pairs.map((p) => ({ source: tokenizer.encode(p.source), target: tokenizer.encode(p.target) }));
  const config = presetConfig(options.arch, options.preset, tokenizer.vocabSize);
  const model = createModel(config, options.seed ?? 1);
  engineLogger.info({ arch: config.arch, preset: options.preset, parameters: model.parameters.count, backend: backend.name }, "training model");
  try {
    const checkpointDir = path.join(options.outDir, CHECKPOINT_DIR);
    const result = await train({
      model, train: encode(options.train), dev: encode(options.dev), seed: options.seed,
      maxMinutes: options.maxMinutes, maxSteps: options.maxSteps, maxEpochs: options.maxEpochs,
      maxTokensPerBatch: options.maxTokensPerBatch, peakLearningRate: options.peakLearningRate, warmupSteps: options.warmupSteps,
      checkpointDir, checkpointEverySteps: options.checkpointEverySteps ?? 500,
      checkpointExtraFiles: { [TOKENIZER_FILE]: JSON.stringify(tokenizer.toJSON()) },
      resumeFrom: options.resumeFrom, onProgress: options.onProgress, signal: options.signal,
    });
    if (result.stopReason === "aborted") throw new DOMException("training was cancelled", "AbortError");
    const { history, ...summary } = result;
    const metrics: Metrics = {
      arch: config.arch, preset: options.preset, backend: backend.name, parameters: model.parameters.count,
      vocabSize: tokenizer.vocabSize, trainPairs: options.train.length, devPairs: options.dev.length, ...summary,
      ...(result.bestDevLoss === undefined ? {} : { devPerplexity: Math.exp(result.bestDevLoss) }),
    };
    await saveArtifact(options.outDir, { model, tokenizer, metrics }, { "train-log.json": JSON.stringify(history, null, 1) + "\n" });
    await rm(checkpointDir, { recursive: true, force: true });
    return { dir: options.outDir, metrics };
  } finally {
    model.dispose();
  }
}
