import { describe, it, expect, beforeAll } from "vitest";
import { presetConfig } from "../../src/models/config.js";
import { createModel } from "../../src/models/create-model.js";
import { TranslationModel } from "../../src/translator.js";
import { useWasmBackend } from "../support/backend.js";
import { CharTokenizer } from "../support/char-tokenizer.js";

const MAX_LENGTH = 6; // 5 source tokens per chunk

/** An untrained model over a character vocabulary: its outputs are arbitrary but deterministic. */
function modelOver(chars: string[], seed: number): TranslationModel {
  const tokenizer = new CharTokenizer(chars);
  const config = { ...presetConfig("transformer", "tiny", tokenizer.vocabSize), maxLength: MAX_LENGTH, dropout: 0 };
  return TranslationModel.fromParts({ model: createModel(config, seed), tokenizer });
}

const chunksOf = (sentence: string): string[] =>
  Array.from({ length: Math.ceil(sentence.length / (MAX_LENGTH - 1)) }, (_, i) => sentence.slice(i * 5, i * 5 + 5));

describe("TranslationModel with sentences longer than the model accepts", () => {
  beforeAll(useWasmBackend);

  it("translates Chinese chunk by chunk and joins the chunks without spaces", async () => {
    // Seed 8: an initialisation whose untrained outputs are not all empty (most seeds emit EOS first here).
    const model = modelOver([..."我们明天去北京看朋友吃饭"], 8);
    try {
      const sentence = "我们明天去北京看朋友吃饭我们明天去";
      const [whole] = await model.translate([sentence]);
      const alone = await model.translate(chunksOf(sentence));
      expect(whole!.inputTokens).toBe(sentence.length);
      expect(alone.filter((t) => t.text !== "").length).toBeGreaterThan(1);
      expect(whole!.text).toBe(alone.map((t) => t.text).join(""));
      expect(whole!.text).not.toMatch(/\s/u);
    } finally {
      model.dispose();
    }
  });

  it("joins western chunks with one space", async () => {
    const model = modelOver([..."abcdefghij"], 7);
    try {
      const sentence = "abcdefghijabcdefghij";
      const [whole] = await model.translate([sentence]);
      const alone = await model.translate(chunksOf(sentence));
      expect(alone.filter((t) => t.text !== "").length).toBeGreaterThan(1);
      expect(whole!.text).toBe(alone.map((t) => t.text).filter((t) => t !== "").join(" "));
    } finally {
      model.dispose();
    }
  });
});
