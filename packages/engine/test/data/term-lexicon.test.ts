import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildTermLexicon } from "../../src/data/term-lexicon.js";
import { augmentWithPlaceholders } from "../../src/data/placeholder-augmentation.js";
import { corpusFile } from "./shared-corpora.js";

const tatoeba = readFileSync(corpusFile("tatoeba/eng-fra/train.tsv"), "utf8").trim().split("\n").slice(0, 40_000)
  .map((line) => { const [source, target] = line.split("\t"); return { source: source!, target: target! }; });

describe("term lexicon", () => {
  it("pairs words with their translations by Dice coefficient and leaves function words out", () => {
    const lexicon = buildTermLexicon(tatoeba);
    expect(lexicon.size).toBeGreaterThan(200);
    expect(lexicon.get("cat")).toBe("chat");
    expect(lexicon.get("coffee")).toBe("café");
    expect(lexicon.has("the")).toBe(false);
    expect(lexicon.has("you")).toBe(false);
  });

  it("is mutual: no two source words share a translation", () => {
    const targets = [...buildTermLexicon(tatoeba).values()];
    expect(new Set(targets).size).toBe(targets.length);
  });
});

describe("term placeholders in training data", () => {
  it("replaces a word and its translation by one placeholder on both sides", () => {
    const lexicon = buildTermLexicon(tatoeba);
    const augmented = augmentWithPlaceholders(tatoeba, { seed: 3, syntheticRate: 1, termRate: 1 });
    /** The word that the one placeholder of `masked` stands for in `original`, if `masked` has exactly one. */
    const maskedWord = (masked: string, original: string): string | undefined => {
      const parts = masked.split(/[\uE000-\uE017]/u);
      if (parts.length !== 2 || !original.startsWith(parts[0]!) || !original.endsWith(parts[1]!)) return undefined;
      return original.slice(parts[0]!.length, original.length - parts[1]!.length).toLowerCase();
    };
    const terms = augmented.filter((pair, i) => {
      const source = maskedWord(pair.source, tatoeba[i]!.source);
      return source !== undefined && lexicon.get(source) === maskedWord(pair.target, tatoeba[i]!.target);
    });
    expect(terms.length).toBeGreaterThan(tatoeba.length * 0.3);
    expect(terms.some((pair) => pair.source.includes(" the \uE000 ") && /\ble \uE000 /.test(pair.target))).toBe(true);
  });
});
