import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { BpeTokenizer } from "../../src/text/bpe-tokenizer.js";
import { SPECIAL_TOKENS } from "../../src/text/tokenizer.js";
import { corpusFile } from "../data/shared-corpora.js";
import { randomUnicodeStrings } from "./random-unicode.js";

function corpusSlice(path: string, lines: number): string[] {
  return readFileSync(corpusFile(path), "utf8").split("\n").slice(0, lines).flatMap((line) => line.split("\t"));
}

const trainingTexts = [
  ...corpusSlice("tatoeba/eng-fra/train.tsv", 3000),
  ...corpusSlice("tatoeba/eng-cmn/train.tsv", 3000),
];
const tokenizer = BpeTokenizer.train(trainingTexts, { vocabSize: 1500 });

const NASTY = [
  "",
  " ",
  "   leading and trailing   ",
  "\t\ttabs\tinside\t",
  "line\nbreaks\r\nand\n\n\nblank lines\n",
  "MiXeD CaSe, punctuation!?… «quotes» “curly” — dashes",
  "emoji 👍🏽 family 👨‍👩‍👧‍👦 flag 🇫🇷 keycap 1️⃣",
  "我们走吧。你好！这是一个没有空格的很长很长的中文句子，看看会不会变成一个巨大的词。",
  "日本語のテキストとカタカナ",
  "combining: e\u0301 a\u0308 n\u0303 (NFD input)",
  "Hangul jamo \u1100\u1161\u11a8",
  "zero\u200bwidth\u200djoiner\ufeffbom",
  "astral 𠀀𠀁 𝒜𝒷𝒸",
  "\u0000nul\u0001control\u007f",
  "x".repeat(500),
  "long".repeat(100) + " words " + "ok".repeat(80),
];

describe("BpeTokenizer round trip", () => {
  it("restores nasty strings exactly (as NFC)", () => {
    for (const text of NASTY) expect(tokenizer.decode(tokenizer.encode(text))).toBe(text.normalize("NFC"));
  });

  it("restores 3000 random mixed-Unicode strings exactly (as NFC)", () => {
    for (const text of randomUnicodeStrings(3000, 42)) {
      expect(tokenizer.decode(tokenizer.encode(text))).toBe(text.normalize("NFC"));
    }
  });

  it("restores the training sentences exactly", () => {
    for (const text of trainingTexts) expect(tokenizer.decode(tokenizer.encode(text))).toBe(text.normalize("NFC"));
  });

  it("encodes NFD and NFC input identically", () => {
    expect(tokenizer.encode("Cafe\u0301 re\u0301sume\u0301")).toEqual(tokenizer.encode("Café résumé"));
  });
});

describe("BpeTokenizer vocabulary", () => {
  it("reserves the special ids and keeps every id inside the vocabulary", () => {
    expect([tokenizer.padId, tokenizer.unkId, tokenizer.bosId, tokenizer.eosId]).toEqual([0, 1, 2, 3]);
    expect(SPECIAL_TOKENS).toEqual({ pad: 0, unk: 1, bos: 2, eos: 3 });
    expect(tokenizer.vocabSize).toBe(1500);
    for (const text of [...NASTY, ...trainingTexts.slice(0, 500)]) {
      for (const id of tokenizer.encode(text)) {
        expect(id).toBeGreaterThan(SPECIAL_TOKENS.eos);
        expect(id).toBeLessThan(tokenizer.vocabSize);
      }
    }
  });

  it("learns merges that compress frequent words", () => {
    const ids = tokenizer.encode("I don't know what you want.");
    expect(ids.length).toBeLessThan(12);
    expect(tokenizer.idToPiece(ids[0]!)).toBe("I");
  });

  it("skips special ids when decoding and rejects ids outside the vocabulary", () => {
    const ids = tokenizer.encode("Hello there.");
    const wrapped = [SPECIAL_TOKENS.bos, ...ids, SPECIAL_TOKENS.eos, SPECIAL_TOKENS.pad, SPECIAL_TOKENS.pad];
    expect(tokenizer.decode(wrapped)).toBe("Hello there.");
    expect(() => tokenizer.decode([tokenizer.vocabSize])).toThrow(RangeError);
    expect(() => tokenizer.decode([-1])).toThrow(RangeError);
  });

  it("falls back to bytes for unseen characters and names them readably", () => {
    const ids = tokenizer.encode("🦀");
    expect(ids.map((id) => tokenizer.idToPiece(id))).toEqual(["<0xF0>", "<0x9F>", "<0xA6>", "<0x80>"]);
    expect(tokenizer.idToPiece(SPECIAL_TOKENS.bos)).toBe("<s>");
  });

  it("turns incomplete byte sequences into U+FFFD instead of failing", () => {
    const [first] = tokenizer.encode("🦀");
    expect(tokenizer.decode([first!])).toBe("\ufffd");
  });

  it("keeps Chinese characters as single tokens", () => {
    const pieces = tokenizer.encode("我们走吧。").map((id) => tokenizer.idToPiece(id));
    expect(pieces).toEqual(["我", "们", "走", "吧", "。"]);
  });
});

describe("BpeTokenizer JSON", () => {
  it("reloads to a tokenizer with identical output", () => {
    const json = JSON.parse(JSON.stringify(tokenizer.toJSON())) as unknown;
    const reloaded = BpeTokenizer.fromJSON(json);
    expect(reloaded.vocabSize).toBe(tokenizer.vocabSize);
    expect(reloaded.toJSON()).toEqual(tokenizer.toJSON());
    for (const text of [...NASTY, ...randomUnicodeStrings(300, 7), ...trainingTexts.slice(0, 1000)]) {
      expect(reloaded.encode(text)).toEqual(tokenizer.encode(text));
    }
  });

  it("trains deterministically", () => {
    const again = BpeTokenizer.train(trainingTexts, { vocabSize: 1500 });
    expect(again.toJSON()).toEqual(tokenizer.toJSON());
  });

  it("rejects malformed JSON with a clear message", () => {
    const good = tokenizer.toJSON();
    expect(() => BpeTokenizer.fromJSON(null)).toThrow(/expected an object/);
    expect(() => BpeTokenizer.fromJSON({ ...good, type: "wordpiece" })).toThrow(/unsupported type/);
    expect(() => BpeTokenizer.fromJSON({ ...good, version: 2 })).toThrow(/unsupported version/);
    expect(() => BpeTokenizer.fromJSON({ ...good, merges: [[999_999, 260]] })).toThrow(/unknown piece id/);
    expect(() => BpeTokenizer.fromJSON({ ...good, pieces: [...good.pieces, good.pieces[0]] })).toThrow(/duplicate/);
  });
});

describe("BpeTokenizer.train options", () => {
  it("validates the vocabulary size", () => {
    expect(() => BpeTokenizer.train(["abc"], { vocabSize: 100 })).toThrow(RangeError);
  });

  it("stops early when no pair reaches minFrequency", () => {
    const small = BpeTokenizer.train(["abc abd abe"], { vocabSize: 5000, minFrequency: 2 });
    // Alphabet a, b, space (c, d, e appear once); merges "ab" (3 times) and " ab" (twice), then nothing is frequent.
    expect(small.toJSON().pieces).toEqual(["a", "b", " ", "ab", " ab"]);
    expect(small.decode(small.encode("abc abd abe"))).toBe("abc abd abe");
  });
});
