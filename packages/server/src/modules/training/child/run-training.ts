import { mkdir, readFile } from "node:fs/promises";
import type { TranslationModel } from "@parley/engine";
import { chooseBleuTokenizer, parseParallelTsv, scoreTranslations, type BleuTokenizerName } from "@parley/engine/data";
import { splitDataset } from "../../datasets/dataset-split.js";
import { digestDirectory } from "../artifact-digest.js";
import type { ChildMessage, TrainingSpec } from "../child-messages.js";
import { loadTrainedModel, readCheckpoint, trainWithEngine } from "./engine-training.js";

type Done = Extract<ChildMessage, { type: "done" }>;
type Pair = { source: string; target: string };

/**
 * One training attempt: the dataset's own train/dev/test split, the engine's
 * training loop (resuming from a checkpoint when given), then BLEU and chrF
 * of the finished model on the held-out test pairs (and BLEU on dev pairs).
 */
export async function runTraining(
  spec: TrainingSpec,
  send: (message: ChildMessage) => void,
  onEachReport: () => void,
): Promise<Done> {
  const parsed = parseParallelTsv(await readFile(spec.datasetPath), { mode: "lenient" });
  const split = splitDataset(parsed.pairs.map(({ source, target }) => ({ source, target })));
  const train = spec.maxTrainPairs ? split.train.slice(0, spec.maxTrainPairs) : split.train;
  await mkdir(spec.workDir, { recursive: true });
  if (spec.resumeFrom) send({ type: "resuming", step: (await readCheckpoint(spec.resumeFrom)).step });

  const { steps } = await trainWithEngine({
    train,
    dev: split.dev,
    architecture: spec.architecture,
    preset: spec.preset,
    artifactDir: spec.artifactDir,
    maxMinutes: spec.maxMinutes,
    checkpointEverySteps: spec.checkpointEverySteps,
    ...(spec.maxSteps !== undefined ? { maxSteps: spec.maxSteps } : {}),
    ...(spec.seed !== undefined ? { seed: spec.seed } : {}),
    ...(spec.resumeFrom ? { resumeFrom: spec.resumeFrom } : {}),
    ...(spec.initFrom ? { initFrom: spec.initFrom } : {}),
    onProgress: (progress) => {
      onEachReport();
      const { checkpoint, ...report } = progress;
      send({ type: "progress", ...report });
      if (checkpoint) send({ type: "checkpoint", ...checkpoint });
    },
  });

  const test = split.test.slice(0, spec.maxTestPairs);
  const dev = split.dev.slice(0, Math.ceil(spec.maxTestPairs / 2));
  send({ type: "evaluating", testSentences: test.length });
  const model = await loadTrainedModel(spec.artifactDir);
  // By the references' script, as the engine's CLI does: cmn, ja, yue or zh-Hant targets all need zh.
  const tokenize = chooseBleuTokenizer(test.map((pair) => pair.target));
  let testScores;
  let devScores;
  try {
    testScores = await score(model, test, tokenize);
    devScores = dev.length > 0 ? await score(model, dev, tokenize) : undefined;
  } finally {
    model.dispose();
  }
  const { checksum, sizeBytes } = await digestDirectory(spec.artifactDir);
  return {
    type: "done",
    artifactDir: spec.artifactDir,
    metrics: {
      bleu: round(testScores.bleu.score),
      chrF: round(testScores.chrf.score),
      bleuTokenizer: tokenize,
      ...(devScores ? { devBleu: round(devScores.bleu.score) } : {}),
      testSentences: test.length,
    },
    sizeBytes,
    checksum,
    steps,
  };
}

async function score(model: TranslationModel, pairs: readonly Pair[], tokenize: BleuTokenizerName) {
  const hypotheses = (await model.translate(pairs.map((pair) => pair.source))).map((result) => result.text);
  return scoreTranslations(hypotheses, pairs.map((pair) => pair.target), { tokenize });
}

const round = (value: number) => Math.round(value * 100) / 100;
