import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { trainModel, type TextPair } from "../../src/training/train-model.js";
import { bpeTokenizerCodec, type TokenizerCodec } from "../../src/artifacts/tokenizer-codec.js";
import { syntheticParallelCorpus } from "../../src/data/synthetic-corpus.js";
import type { TrainingProgress } from "../../src/training/progress.js";

// One lexicon (the corpus seed fixes it): the parent learns the first pairs, continuations see later ones.
const corpus = syntheticParallelCorpus({ pairs: 760, seed: 5 });
const parentPairs = corpus.slice(0, 400);
const newPairs = corpus.slice(400, 700);
const dev = corpus.slice(700);
const common = { dev, maxTokensPerBatch: 400, seed: 3, checkpointEverySteps: 1000 };

/** Continuations must not learn a tokenizer: this codec fails the test if one is trained. */
const noTrainingCodec: TokenizerCodec = {
  train: () => { throw new Error("a continued run trained a new tokenizer"); },
  fromJSON: (json) => bpeTokenizerCodec.fromJSON(json),
};

describe("trainModel with initFrom (continued training)", () => {
  let root: string;
  let parentDir: string;
  const outDir = (name: string) => path.join(root, name);

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "parley-continue-"));
    parentDir = outDir("parent");
    await trainModel({ ...common, train: parentPairs, arch: "transformer", preset: "tiny", vocabSize: 300, outDir: parentDir, maxSteps: 80 });
  }, 120_000);
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  const firstLoss = async (options: Parameters<typeof trainModel>[0]) => {
    const progress: TrainingProgress[] = [];
    const result = await trainModel({ ...options, onProgress: (p) => progress.push(p) });
    return { loss: progress[0]!.loss, metrics: result.metrics };
  };

  it("starts from the parent's weights (lower loss than a fresh model) and keeps its tokenizer", async () => {
    const continued = await firstLoss({ ...common, train: newPairs, initFrom: parentDir, tokenizerCodec: noTrainingCodec, outDir: outDir("child"), maxSteps: 4 });
    const fresh = await firstLoss({ ...common, train: newPairs, arch: "transformer", preset: "tiny", vocabSize: 300, outDir: outDir("fresh"), maxSteps: 4 });
    expect(continued.loss).toBeLessThan(fresh.loss * 0.8);
    expect(await readFile(path.join(outDir("child"), "tokenizer.json"), "utf8")).toBe(await readFile(path.join(parentDir, "tokenizer.json"), "utf8"));
    const parentChecksum = createHash("sha256").update(await readFile(path.join(parentDir, "checksum.sha256"))).digest("hex");
    expect(continued.metrics).toMatchObject({ arch: "transformer", preset: "tiny", initFrom: path.resolve(parentDir), parentChecksum, steps: 4 });
    expect(fresh.metrics).not.toHaveProperty("initFrom");
  }, 90_000);

  it("resumes an interrupted continuation only with the same parent", async () => {
    const dir = outDir("resumed");
    const controller = new AbortController();
    const options = { ...common, train: newPairs, initFrom: parentDir, outDir: dir, maxSteps: 6, checkpointEverySteps: 2 };
    const cancelled = trainModel({ ...options, signal: controller.signal, onProgress: (p) => { if (p.step === 3) controller.abort(); } });
    await expect(cancelled).rejects.toThrow(/cancelled/);
    const checkpoint = path.join(dir, "checkpoint");
    const asFresh = trainModel({ ...common, train: newPairs, arch: "transformer", preset: "tiny", vocabSize: 300, outDir: dir, maxSteps: 6, resumeFrom: checkpoint });
    await expect(asFresh).rejects.toThrow(/continues another model version/);

    const progress: TrainingProgress[] = [];
    const { metrics } = await trainModel({ ...options, resumeFrom: checkpoint, onProgress: (p) => progress.push(p) });
    expect(progress[0]!.step).toBe(4);
    expect(metrics).toMatchObject({ steps: 6, initFrom: path.resolve(parentDir) });
  }, 90_000);

  it("refuses a parent whose files do not match its checksums", async () => {
    const corrupted = outDir("corrupted");
    await cp(parentDir, corrupted, { recursive: true });
    const weights = await readFile(path.join(corrupted, "weights.bin"));
    weights[100] = weights[100]! ^ 0xff;
    await writeFile(path.join(corrupted, "weights.bin"), weights);
    const run = trainModel({ ...common, train: newPairs, initFrom: corrupted, outDir: outDir("from-corrupted"), maxSteps: 2 });
    await expect(run).rejects.toMatchObject({ name: "ArtifactIntegrityError", message: expect.stringMatching(/weights\.bin/) });
  });

  it("refuses an architecture, preset or vocabulary the parent does not have", async () => {
    const train = (extra: { arch?: "lstm" | "transformer"; preset?: "small" | "tiny"; vocabSize?: number }) =>
      trainModel({ ...common, train: newPairs, initFrom: parentDir, outDir: outDir("mismatch"), maxSteps: 2, ...extra });
    await expect(train({ arch: "lstm" })).rejects.toMatchObject({ name: "InitFromMismatchError", message: expect.stringMatching(/it is a transformer model/) });
    await expect(train({ preset: "small" })).rejects.toMatchObject({ name: "InitFromMismatchError", message: expect.stringMatching(/preset tiny/) });
    await expect(train({ vocabSize: 8000 })).rejects.toMatchObject({ name: "InitFromMismatchError" });
    await expect(readFile(path.join(outDir("mismatch"), "metrics.json"))).rejects.toThrow(/ENOENT/);
  });
});
