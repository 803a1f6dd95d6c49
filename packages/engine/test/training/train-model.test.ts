import { describe, it, expect } from "vitest";
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { trainModel } from "../../src/training/train-model.js";
import { TranslationModel } from "../../src/translator.js";
import type { TrainingProgress } from "../../src/training/progress.js";
import { charTokenizerCodec } from "../support/char-tokenizer.js";
import { reversalTask } from "../support/synthetic.js";

const letters = "abcdefghij";
const toText = (ids: number[]) => ids.map((id) => letters[id - 4]).join("");
const pairs = (count: number, seed: number) =>
  reversalTask(count, { symbols: 10, minLength: 2, maxLength: 6, seed }).map((p) => ({ source: toText(p.source), target: toText(p.target) }));

describe("trainModel", () => {
  it("writes a loadable model version with metrics, curves and checksums, and can resume", async () => {
    const outDir = await mkdtemp(path.join(tmpdir(), "parley-train-"));
    try {
      const progress: TrainingProgress[] = [];
      const controller = new AbortController();
      const common = {
        train: pairs(400, 1), dev: pairs(30, 2), arch: "transformer" as const, preset: "tiny" as const, outDir,
        maxSteps: 12, seed: 3, tokenizerCodec: charTokenizerCodec, checkpointEverySteps: 4, maxTokensPerBatch: 200,
        // The character vocabulary checked below: without the 24 placeholder characters augmentation would add.
        placeholders: false,
      };
      // Cancelled after 5 steps: throws AbortError and leaves a checkpoint to resume from.
      const cancelled = trainModel({ ...common, signal: controller.signal, onProgress: (p) => { if (p.step === 5) controller.abort(); } });
      await expect(cancelled).rejects.toThrow(/cancelled/);
      const result = await trainModel({ ...common, resumeFrom: path.join(outDir, "checkpoint"), onProgress: (p) => progress.push(p) });
      expect(progress[0]!.step).toBe(6);
      expect(result.metrics).toMatchObject({ arch: "transformer", preset: "tiny", steps: 12, stopReason: "maxSteps", vocabSize: 14 });
      const files = (await readdir(outDir)).sort();
      expect(files).toEqual(["checksum.sha256", "config.json", "metrics.json", "tokenizer.json", "train-log.json", "weights.bin", "weights.manifest.json"]);
      const curves = JSON.parse(await readFile(path.join(outDir, "train-log.json"), "utf8")) as TrainingProgress[];
      expect(curves.map((c) => c.step)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
      const model = await TranslationModel.load(outDir, { tokenizerCodec: charTokenizerCodec });
      try {
        const [translation] = await model.translate(["abc"]);
        expect(translation!.inputTokens).toBe(3);
        expect(model.info.config).toMatchObject({ arch: "transformer", modelDim: 64 });
      } finally {
        model.dispose();
      }
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
  }, 60_000);
});
