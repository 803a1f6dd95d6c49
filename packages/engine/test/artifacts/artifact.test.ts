import { describe, it, expect, beforeAll } from "vitest";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import { createModel } from "../../src/models/create-model.js";
import type { ModelConfig } from "../../src/models/config.js";
import { TranslationModel } from "../../src/translator.js";
import { ArtifactIntegrityError } from "../../src/artifacts/checksum.js";
import { padSequences } from "../../src/training/batching.js";
import { CharTokenizer, charTokenizerCodec } from "../support/char-tokenizer.js";
import { useWasmBackend } from "../support/backend.js";

const tokenizer = new CharTokenizer([..."abcdefghij .!?"]);
const configs: ModelConfig[] = [
  { arch: "transformer", vocabSize: tokenizer.vocabSize, modelDim: 16, heads: 2, ffDim: 32, encoderLayers: 1, decoderLayers: 1, dropout: 0.1, maxLength: 12 },
  { arch: "lstm", vocabSize: tokenizer.vocabSize, embedDim: 8, hiddenSize: 16, encoderLayers: 1, decoderLayers: 1, dropout: 0.1, maxLength: 12 },
];

async function inTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), "parley-artifact-"));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function teacherForcedLogits(model: TranslationModel): Float32Array {
  return tf.tidy(() => {
    const src = padSequences([[5, 6, 7, 3], [8, 3]]);
    const tgt = padSequences([[2, 9, 10], [2, 11]]);
    return model.seq2seq.forwardTrain(src, tgt).dataSync() as Float32Array;
  });
}

describe.each(configs)("model artifact ($arch)", (config) => {
  beforeAll(useWasmBackend);

  it("round-trips: the loaded model gives bit-identical logits and translations", async () => {
    await inTempDir(async (dir) => {
      const original = TranslationModel.fromParts({ model: createModel(config, 3), tokenizer, metrics: { bleu: 1.5 } });
      const texts = ["abc def. ghij!", "", "j i h g f e d c b a j i h g f e d c b a"];
      try {
        await original.save(dir);
        const loaded = await TranslationModel.load(dir, { tokenizerCodec: charTokenizerCodec });
        try {
          expect(teacherForcedLogits(loaded)).toEqual(teacherForcedLogits(original));
          expect(await loaded.translate(texts, { beamSize: 3 })).toEqual(await original.translate(texts, { beamSize: 3 }));
          expect(loaded.info).toMatchObject({ arch: config.arch, vocabSize: tokenizer.vocabSize, metrics: { bleu: 1.5 } });
          expect(loaded.info.parameterCount).toBe(original.info.parameterCount);
        } finally {
          loaded.dispose();
        }
      } finally {
        original.dispose();
      }
    });
  });

  it("refuses an artifact whose files do not match the checksum", async () => {
    await inTempDir(async (dir) => {
      const model = TranslationModel.fromParts({ model: createModel(config, 3), tokenizer });
      await model.save(dir);
      model.dispose();
      const weightsPath = path.join(dir, "weights.bin");
      const bytes = await readFile(weightsPath);
      bytes[10] = bytes[10]! ^ 0xff;
      await writeFile(weightsPath, bytes);
      const loading = TranslationModel.load(dir, { tokenizerCodec: charTokenizerCodec });
      await expect(loading).rejects.toThrow(ArtifactIntegrityError);
      await expect(loading).rejects.toThrow(/checksum mismatch for weights\.bin/);
    });
  });
});

describe("TranslationModel.translate", () => {
  beforeAll(useWasmBackend);

  it("keeps batch order, counts tokens, and chunks sentences longer than the model accepts", async () => {
    const model = TranslationModel.fromParts({ model: createModel(configs[0]!, 3), tokenizer });
    try {
      const long = "abcdefghij abcdefghij abcdefghij";
      const texts = ["a.", long, "", "b c. d!"];
      const before = tf.memory().numTensors;
      const results = await model.translate(texts);
      expect(tf.memory().numTensors).toBe(before);
      expect(results).toHaveLength(4);
      // "b c. d!" is two sentences, "b c." and "d!": the space between them is layout, not input.
      expect(results.map((r) => r.inputTokens)).toEqual([2, long.length, 0, 6]);
      expect(results[2]).toEqual({ text: "", inputTokens: 0, outputTokens: 0 });
      // Each text translated alone gives the same result as inside the batch.
      for (const [i, text] of texts.entries()) expect((await model.translate([text]))[0]).toEqual(results[i]);
      // maxLength 11 source tokens per chunk: the 32-character sentence needs 3 chunks, each decoded to <= 2 tokens here.
      const capped = await model.translate([long], { maxLength: 2 });
      expect(capped[0]!.outputTokens).toBeLessThanOrEqual(3 * 2);
    } finally {
      model.dispose();
    }
  });
});
