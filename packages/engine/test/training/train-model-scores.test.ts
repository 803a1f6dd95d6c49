import { describe, it, expect } from "vitest";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { trainModel } from "../../src/training/train-model.js";
import { TranslationModel } from "../../src/translator.js";
import { corpusBleu } from "../../src/eval/bleu.js";
import { corpusChrf } from "../../src/eval/chrf.js";
import type { TrainingProgress } from "../../src/training/progress.js";
import { evenSample, scoreModel } from "../../src/training/score-model.js";
import { charTokenizerCodec } from "../support/char-tokenizer.js";
import { reversalTask } from "../support/synthetic.js";

const letters = "abcdefghij";
const toText = (ids: number[]) => ids.map((id) => letters[id - 4]).join(" ");
const pairs = (count: number, seed: number) =>
  reversalTask(count, { symbols: 10, minLength: 2, maxLength: 5, seed }).map((p) => ({ source: toText(p.source), target: toText(p.target) }));

describe("trainModel with a test split", () => {
  it("stores BLEU and chrF of greedy translations of the test pairs, and dev BLEU, in the metrics", async () => {
    const outDir = await mkdtemp(path.join(tmpdir(), "parley-train-scores-"));
    try {
      const test = pairs(40, 3);
      const { metrics } = await trainModel({
        train: pairs(300, 1), dev: pairs(250, 2), test, arch: "transformer", preset: "tiny", outDir,
        maxSteps: 20, seed: 3, tokenizerCodec: charTokenizerCodec, maxTokensPerBatch: 300,
      });
      expect(metrics).toMatchObject({ testSentences: 40, bleuTokenize: "13a", devBleuSentences: 200 });
      // The stored scores are those of the saved model's greedy translations.
      const model = await TranslationModel.load(outDir, { tokenizerCodec: charTokenizerCodec });
      try {
        const hypotheses = (await model.translate(test.map((p) => p.source))).map((t) => t.text);
        const references = test.map((p) => p.target);
        expect(metrics.bleu).toBeCloseTo(corpusBleu(hypotheses, references).score, 6);
        expect(metrics.chrF).toBeCloseTo(corpusChrf(hypotheses, references).score, 6);
        expect(model.info.metrics.bleu).toBe(metrics.bleu);
      } finally {
        model.dispose();
      }
      expect(metrics.devBleu).toEqual(expect.any(Number));
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
  }, 60_000);

  it("reports dev BLEU of the current weights at each dev evaluation when asked (devBleuPairs)", async () => {
    const outDir = await mkdtemp(path.join(tmpdir(), "parley-train-devbleu-"));
    try {
      const dev = pairs(60, 2);
      const reports: TrainingProgress[] = [];
      const common = {
        train: pairs(300, 1), dev, arch: "transformer" as const, preset: "tiny" as const, outDir, maxSteps: 24, evalEverySteps: 8,
        seed: 3, tokenizerCodec: charTokenizerCodec, maxTokensPerBatch: 300, placeholders: false,
      };
      await trainModel({ ...common, devBleuPairs: 20, onProgress: (progress) => reports.push(progress) });
      const evaluations = reports.filter((report) => report.devLoss !== undefined);
      expect(evaluations.map((report) => report.step)).toEqual([8, 16, 24]);
      for (const report of evaluations) expect(report.devBleu).toBeGreaterThanOrEqual(0);
      expect(reports.filter((report) => report.devLoss === undefined).every((report) => report.devBleu === undefined)).toBe(true);
      // The last evaluation scored the last weights: when they are also the best (kept) ones, the saved model agrees.
      const last = evaluations.at(-1)!;
      if (last.devLoss === Math.min(...evaluations.map((report) => report.devLoss!))) {
        const model = await TranslationModel.load(outDir, { tokenizerCodec: charTokenizerCodec });
        try {
          expect((await scoreModel(model, evenSample(dev, 20), "13a")).bleu.score).toBeCloseTo(last.devBleu!, 6);
        } finally {
          model.dispose();
        }
      }

      const quiet: TrainingProgress[] = [];
      await trainModel({ ...common, maxSteps: 8, onProgress: (progress) => quiet.push(progress) });
      expect(quiet.some((report) => report.devLoss !== undefined)).toBe(true);
      expect(quiet.every((report) => report.devBleu === undefined)).toBe(true);
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
  }, 120_000);
});
