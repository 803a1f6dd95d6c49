import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { syntheticParallelCorpus } from "../../src/data/synthetic-corpus.js";
import { EngineRuntime } from "../../src/runtime/engine-runtime.js";
import type { ModelVersionRef } from "../../src/runtime/messages.js";
import { trainModel } from "../../src/training/train-model.js";
import { TranslationModel } from "../../src/translator.js";

const corpus = syntheticParallelCorpus({ pairs: 240, vocabulary: 10, maxWords: 4, seed: 11 });
const texts = corpus.slice(200, 232).map((pair) => pair.source);

describe("EngineRuntime with a real trained model", () => {
  let dir: string;
  let version: ModelVersionRef;
  let direct: TranslationModel;
  const batchSizes: number[] = [];
  let runtime: EngineRuntime;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "parley-runtime-"));
    // A few steps suffice: the runtime must reproduce the model's outputs, whatever their quality.
    await trainModel({
      train: corpus.slice(0, 200), dev: corpus.slice(232), arch: "transformer", preset: "tiny", outDir: dir,
      maxSteps: 15, vocabSize: 300, maxTokensPerBatch: 300, seed: 2,
    });
    version = { id: "tiny-v1", artifactPath: dir };
    direct = await TranslationModel.load(dir);
    runtime = new EngineRuntime({ workers: 1, maxBatchSize: 16, maxWaitMs: 20, onBatch: (size) => batchSizes.push(size) });
  }, 120_000);

  afterAll(async () => {
    await runtime?.close();
    direct?.dispose();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("gives 32 concurrent callers the same translations as the model alone, each in order, in batches", async () => {
    const expected = await Promise.all(texts.map(async (text) => (await direct.translate([text]))[0]!));
    const pairsOfTexts = texts.map((text, i) => [text, texts[(i + 1) % texts.length]!]);
    const results = await Promise.all(pairsOfTexts.map((pair) => runtime.translate(version, pair)));
    results.forEach((result, i) => {
      expect(result).toEqual([expected[i], expected[(i + 1) % texts.length]]);
    });
    expect(batchSizes.some((size) => size > 2)).toBe(true);
    expect(batchSizes.reduce((sum, size) => sum + size, 0)).toBe(64);
  });

  it("does not leak tensors across 50 requests", async () => {
    await runtime.translate(version, [texts[0]!]);
    const baseline = runtime.stats().liveTensors;
    expect(baseline).toBeGreaterThan(0); // the loaded weights
    for (let i = 0; i < 50; i++) await runtime.translate(version, [texts[i % texts.length]!], { beamSize: 1 + (i % 3) });
    expect(runtime.stats().liveTensors).toBe(baseline);
  });

  it("reloads a version after unload()", async () => {
    const [before] = await runtime.translate(version, [texts[3]!]);
    await runtime.unload(version.id);
    expect(runtime.stats().loadedVersions).toBe(0);
    const [after] = await runtime.translate(version, [texts[3]!]);
    expect(after).toEqual(before);
    expect(runtime.stats().loadedVersions).toBe(1);
  });

  it("rejects a request for a bad artifact path without losing the worker", async () => {
    await runtime.translate(version, [texts[0]!]);
    const bad = runtime.translate({ id: "missing", artifactPath: path.join(dir, "does-not-exist") }, ["hello"]);
    await expect(bad).rejects.toThrow(/ENOENT|no such file/);
    // The failure was reported by the same worker: the version loaded before is still loaded there.
    expect(runtime.stats().loadedVersions).toBe(1);
    const [good] = await runtime.translate(version, [texts[5]!]);
    expect(good).toEqual((await direct.translate([texts[5]!]))[0]);
  });
});
