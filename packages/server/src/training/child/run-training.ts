import { mkdir, readFile } from "node:fs/promises";
import { parseParallelTsv, scoreTranslations } from "@parley/engine";
import { splitDataset } from "../../datasets/dataset-split.js";
import { digestDirectory } from "../artifact-digest.js";
import type { ChildMessage, TrainingSpec } from "../child-messages.js";
import { loadEngineTraining, type EngineProgress } from "./engine-training.js";

type Done = Extract<ChildMessage, { type: "done" }>;

/**
 * One training attempt: the dataset's own train/dev/test split, the engine's
 * training loop (resuming from a checkpoint when given), then BLEU and chrF
 * of the finished model on the held-out test pairs.
 */
export async function runTraining(
  spec: TrainingSpec,
  send: (message: ChildMessage) => void,
  onEachReport: () => void,
): Promise<Done> {
  const engine = await loadEngineTraining();
  const parsed = parseParallelTsv(await readFile(spec.datasetPath), { mode: "lenient" });
  const split = splitDataset(parsed.pairs);
  const train = spec.maxTrainPairs ? split.train.slice(0, spec.maxTrainPairs) : split.train;
  await mkdir(spec.workDir, { recursive: true });

  let steps = 0;
  const report = (progress: EngineProgress) => {
    onEachReport();
    steps = progress.step;
    send({
      type: "progress",
      step: progress.step,
      totalSteps: progress.totalSteps,
      ...(progress.loss !== undefined ? { loss: progress.loss } : {}),
      ...(progress.devLoss !== undefined ? { devLoss: progress.devLoss } : {}),
      ...(progress.devBleu !== undefined ? { devBleu: progress.devBleu } : {}),
      ...(progress.etaSeconds !== undefined ? { etaSeconds: progress.etaSeconds } : {}),
    });
    if (progress.checkpoint) send({ type: "checkpoint", step: progress.checkpoint.step, path: progress.checkpoint.path });
  };
  const trained = await engine.train({
    train: train.map(({ source, target }) => ({ source, target })),
    dev: split.dev.map(({ source, target }) => ({ source, target })),
    architecture: spec.architecture,
    preset: spec.preset,
    workDir: spec.workDir,
    artifactDir: spec.artifactDir,
    maxMinutes: spec.maxMinutes,
    ...(spec.seed !== undefined ? { seed: spec.seed } : {}),
    ...(spec.resumeFrom ? { resumeFrom: spec.resumeFrom } : {}),
    ...(spec.initFrom ? { initFrom: spec.initFrom } : {}),
    onProgress: report,
  });

  const test = split.test.slice(0, spec.maxTestPairs);
  send({ type: "evaluating", testSentences: test.length });
  const model = await engine.load(trained.artifactDir);
  const hypotheses = (await model.translate(test.map((pair) => pair.source))).map((result) => result.text);
  await model.dispose();
  const scores = scoreTranslations(hypotheses, test.map((pair) => pair.target), {
    tokenize: spec.targetLanguage.startsWith("zh") ? "zh" : "13a",
  });
  const { checksum, sizeBytes } = await digestDirectory(trained.artifactDir);
  return {
    type: "done",
    artifactDir: trained.artifactDir,
    metrics: {
      bleu: round(scores.bleu.score),
      chrF: round(scores.chrf.score),
      ...(trained.devBleu !== undefined ? { devBleu: round(trained.devBleu) } : {}),
      testSentences: test.length,
    },
    sizeBytes,
    checksum,
    steps: trained.steps ?? steps,
  };
}

const round = (value: number) => Math.round(value * 100) / 100;
