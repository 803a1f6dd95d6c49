import { describe, it, expect, beforeAll } from "vitest";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createModel } from "../../src/models/create-model.js";
import { TranslationModel } from "../../src/translator.js";
import { quantizeArtifact } from "../../src/artifacts/quantize-artifact.js";
import { dequantizeInt8, quantizeInt8 } from "../../src/artifacts/int8-quantization.js";
import { readWeights } from "../../src/artifacts/weights-file.js";
import { CharTokenizer, charTokenizerCodec } from "../support/char-tokenizer.js";
import { useWasmBackend } from "../support/backend.js";

const tokenizer = new CharTokenizer([..."abcdefghij .!?"]);

describe("int8 weights", () => {
  beforeAll(useWasmBackend);

  it("quantizes per channel: each value within half a step of its channel's scale", () => {
    const values = Float32Array.from([0.5, -100, 0.25, 2, 0.001, -0.002]);
    for (const axis of [0, 1]) {
      const q = quantizeInt8(values, [2, 3], axis);
      expect(q.scales).toHaveLength(axis === 0 ? 2 : 3);
      const back = dequantizeInt8(q);
      values.forEach((v, i) => {
        const channel = axis === 0 ? Math.floor(i / 3) : i % 3;
        expect(Math.abs(back[i]! - v)).toBeLessThanOrEqual(q.scales[channel]! / 2 + 1e-9);
      });
    }
    // Per column, 0.25 keeps its precision although another column holds -100 (one scale for all would be 0.79).
    expect(Math.abs(dequantizeInt8(quantizeInt8(values, [2, 3], 1))[2]! - 0.25)).toBeLessThan(0.001);
  });

  it("writes a quarter-size artifact that loads, verifies and translates like the float32 one", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "parley-int8-"));
    try {
      const config = { arch: "transformer", vocabSize: tokenizer.vocabSize, modelDim: 32, heads: 2, ffDim: 64, encoderLayers: 1, decoderLayers: 1, dropout: 0.1, maxLength: 16 } as const;
      const original = TranslationModel.fromParts({ model: createModel(config, 5), tokenizer, metrics: { bleu: 2 } });
      await original.save(path.join(dir, "fp32"));
      original.dispose();
      await quantizeArtifact(path.join(dir, "fp32"), path.join(dir, "int8"));
      const sizes = await Promise.all(["fp32", "int8"].map(async (d) => (await stat(path.join(dir, d, "weights.bin"))).size));
      expect(sizes[1]! / sizes[0]!).toBeLessThan(0.4); // ~0.26 for the small preset; biases weigh more in this tiny model
      const metrics = JSON.parse(await readFile(path.join(dir, "int8", "metrics.json"), "utf8"));
      expect(metrics).toMatchObject({ bleu: 2, weights: "int8" });
      const [fp32, int8] = await Promise.all(["fp32", "int8"].map(async (d) => readWeights(path.join(dir, d))));
      int8!.forEach((tensor, i) => {
        const reference = fp32![i]!.values;
        const maxAbs = reference.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
        tensor.values.forEach((v, j) => expect(Math.abs(v - reference[j]!)).toBeLessThanOrEqual(maxAbs / 254 + 1e-7));
      });
      const models = await Promise.all(["fp32", "int8"].map((d) => TranslationModel.load(path.join(dir, d), { tokenizerCodec: charTokenizerCodec })));
      try {
        const texts = ["abc def.", "ghij!", "a b c d e f"];
        const [a, b] = await Promise.all(models.map((m) => m.translate(texts)));
        expect(b!.map((t) => t.inputTokens)).toEqual(a!.map((t) => t.inputTokens));
      } finally {
        models.forEach((m) => m.dispose());
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
