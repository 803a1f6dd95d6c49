import { rm } from "node:fs/promises";
import path from "node:path";
import { initBackend } from "../backend/init-backend.js";
import { engineLogger } from "../backend/logger.js";
import { saveArtifact, TOKENIZER_FILE, type Metrics } from "../artifacts/model-artifact.js";
import { bpeTokenizerCodec, type TokenizerCodec } from "../artifacts/tokenizer-codec.js";
import { chooseBleuTokenizer } from "../eval/choose-bleu-tokenizer.js";
import type { BleuTokenizerName } from "../eval/sacrebleu-tokenizers.js";
import { TranslationModel } from "../translator.js";
import { evenSample, scoreModel } from "./score-model.js";
import { train } from "./trainer.js";
import type { TokenPair } from "./batching.js";
import type { TrainingProgress } from "./progress.js";
import { openModelSource, type ModelSourceOptions } from "./model-source.js";
import { PARENT_FILE } from "./parent-checkpoint.js";
import { augmentWithPlaceholders } from "../data/placeholder-augmentation.js";
import { supportsPlaceholders } from "../text/placeholder-support.js";

export interface TextPair { source: string; target: string }

/**
 * `arch` + `preset` (a fresh model and a new tokenizer) or `initFrom` (continue a model version):
 * see ModelSourceOptions for how they combine.
 */
export type TrainModelOptions = TrainModelBaseOptions & ModelSourceOptions;

interface TrainModelBaseOptions {
  train: TextPair[];
  dev: TextPair[];
  /** Held-out pairs scored after training (greedy decoding): metrics bleu, chrF, testSentences, and devBleu on <= 200 dev pairs. */
  test?: TextPair[];
  /** BLEU tokenization for test/dev scores; default "zh" when the targets are mostly CJK, else "13a". */
  bleuTokenize?: BleuTokenizerName;
  /** The model version directory to write. */
  outDir: string;
  maxMinutes?: number;
  maxSteps?: number;
  maxEpochs?: number;
  seed?: number;
  /** A checkpoint directory (by default `<outDir>/checkpoint` is written while training). */
  resumeFrom?: string;
  onProgress?: (progress: TrainingProgress) => void;
  signal?: AbortSignal;
  maxTokensPerBatch?: number;
  peakLearningRate?: number;
  /**
   * Dev pairs (an even sample) translated greedily at each dev evaluation, for a devBleu in its progress report:
   * the dev BLEU curve while training. Default 0: none (decoding is slow on big models).
   */
  devBleuPairs?: number;
  /** Dev evaluation interval in steps; default the trainer's (once per epoch, at most every 500). */
  evalEverySteps?: number;
  /** Default: the trainer's for a fresh model; a shorter one (see fineTuneWarmup) with `initFrom`. */
  warmupSteps?: number;
  checkpointEverySteps?: number;
  /** Defaults to the BPE tokenizer of src/text. */
  tokenizerCodec?: TokenizerCodec;
  /**
   * Teach the model to copy placeholders (data/placeholder-augmentation.ts), so that the translator can carry
   * numbers, URLs, tags, emoji and the like through it unchanged (default true; ignored when continuing a model
   * whose tokenizer has no placeholders).
   */
  placeholders?: boolean;
}

export interface TrainModelResult { dir: string; metrics: Metrics }

const CHECKPOINT_DIR = "checkpoint";
/** Dev pairs translated for devBleu (decoding is the slow part). */
const DEV_BLEU_SAMPLE = 200;

/**
 * Trains a tokenizer and a model from text pairs, or continues the model version `initFrom`
 * (its checksums verified; its tokenizer, config and weights reused; a fresh optimizer), and
 * writes a model version directory (config, tokenizer, weights, metrics incl. train-log.json,
 * checksum). A checkpoint is kept in `<outDir>/checkpoint` while training and removed on
 * success; pass it as `resumeFrom` (with the same `initFrom`, if any) to continue an
 * interrupted run. Throws an AbortError when `signal` aborts.
 */
export async function trainModel(options: TrainModelOptions): Promise<TrainModelResult> {
  const backend = await initBackend();
  const seed = options.seed ?? 1;
  const augmented = options.placeholders === false ? undefined : {
    train: augmentWithPlaceholders(options.train, { seed }),
    dev: augmentWithPlaceholders(options.dev, { seed, syntheticRate: 0, quantityRate: 0 }),
  };
  const { model, tokenizer, config, preset, parent } = await openModelSource(options, {
    texts: () => (augmented?.train ?? options.train).flatMap((p) => [p.source, p.target]),
    codec: options.tokenizerCodec ?? bpeTokenizerCodec,
    seed,
    resumeFrom: options.resumeFrom,
  });
  const data = augmented !== undefined && supportsPlaceholders(tokenizer) ? augmented : { train: options.train, dev: options.dev };
  const encode = (pairs: TextPair[]): TokenPair[] =>
    pairs.map((p) => ({ source: tokenizer.encode(p.source), target: tokenizer.encode(p.target) }));
  engineLogger.info({ arch: config.arch, preset, parameters: model.parameters.count, backend: backend.name, initFrom: parent?.dir }, "training model");
  try {
    const checkpointDir = path.join(options.outDir, CHECKPOINT_DIR);
    const devBleuSample = evenSample(options.dev, Math.max(0, options.devBleuPairs ?? 0));
    const devBleuTokenize = options.bleuTokenize ?? chooseBleuTokenizer((options.test?.length ? options.test : devBleuSample).map((pair) => pair.target));
    const devBleu = devBleuSample.length === 0
      ? undefined
      : async () => (await scoreModel(TranslationModel.fromParts({ model, tokenizer }), devBleuSample, devBleuTokenize)).bleu.score;
    const result = await train({
      model, train: encode(data.train), dev: encode(data.dev), seed: options.seed,
      maxMinutes: options.maxMinutes, maxSteps: options.maxSteps, maxEpochs: options.maxEpochs,
      maxTokensPerBatch: options.maxTokensPerBatch, peakLearningRate: options.peakLearningRate, evalEverySteps: options.evalEverySteps,
      warmupSteps: options.warmupSteps ?? (parent === undefined ? undefined : fineTuneWarmup(options.maxSteps)),
      checkpointDir, checkpointEverySteps: options.checkpointEverySteps ?? 500,
      checkpointExtraFiles: {
        [TOKENIZER_FILE]: JSON.stringify(tokenizer.toJSON()),
        ...(parent === undefined ? {} : { [PARENT_FILE]: JSON.stringify(parent) }),
      },
      resumeFrom: options.resumeFrom, onProgress: options.onProgress, signal: options.signal, devBleu,
    });
    if (result.stopReason === "aborted") throw new DOMException("training was cancelled", "AbortError");
    const { history, ...summary } = result;
    const metrics: Metrics = {
      arch: config.arch, preset: preset ?? "custom", backend: backend.name, parameters: model.parameters.count,
      ...(parent === undefined ? {} : { initFrom: parent.dir, parentChecksum: parent.checksum }),
      vocabSize: tokenizer.vocabSize, placeholders: supportsPlaceholders(tokenizer), trainPairs: options.train.length, devPairs: options.dev.length, ...summary,
      ...(result.bestDevLoss === undefined ? {} : { devPerplexity: Math.exp(result.bestDevLoss) }),
      ...(await translationScores(TranslationModel.fromParts({ model, tokenizer }), options)),
    };
    await saveArtifact(options.outDir, { model, tokenizer, metrics }, { "train-log.json": JSON.stringify(history, null, 1) + "\n" });
    await rm(checkpointDir, { recursive: true, force: true });
    return { dir: options.outDir, metrics };
  } finally {
    model.dispose();
  }
}

/**
 * The weights of a continued run are already trained: a long warm-up would only waste steps,
 * but a few steps still let the fresh Adam moments settle before the full learning rate.
 */
function fineTuneWarmup(maxSteps: number | undefined): number {
  return maxSteps === undefined ? 50 : Math.min(100, Math.max(2, Math.round(maxSteps / 20)));
}

/** With test pairs: BLEU/chrF on them and BLEU on a sample of the dev pairs (metrics entries). */
async function translationScores(model: TranslationModel, options: TrainModelOptions): Promise<Metrics> {
  const test = options.test ?? [];
  if (test.length === 0) return {};
  const dev = evenSample(options.dev, DEV_BLEU_SAMPLE);
  const bleuTokenize = options.bleuTokenize ?? chooseBleuTokenizer(test.map((pair) => pair.target));
  const scores = await scoreModel(model, test, bleuTokenize);
  return {
    bleu: scores.bleu.score, chrF: scores.chrf.score, testSentences: test.length, bleuTokenize,
    ...(dev.length === 0 ? {} : { devBleu: (await scoreModel(model, dev, bleuTokenize)).bleu.score, devBleuSentences: dev.length }),
  };
}
