import { describe, expect, it } from "vitest";
import { readParallelTsv } from "../../src/data/tsv-corpus.js";
import { BpeTokenizer } from "../../src/text/bpe-tokenizer.js";
import { corpusFile } from "../data/shared-corpora.js";

describe("BPE training on real corpora", () => {
  it("learns an 8k joint vocabulary from all 150k eng-fra pairs well under a minute", async () => {
    const { pairs } = await readParallelTsv(corpusFile("tatoeba/eng-fra/train.tsv"), { mode: "lenient" });
    expect(pairs.length).toBeGreaterThan(150_000);
    const started = performance.now();
    const tokenizer = BpeTokenizer.train(
      pairs.flatMap((pair) => [pair.source, pair.target]),
      { vocabSize: 8000 },
    );
    const seconds = (performance.now() - started) / 1000;
    expect(seconds).toBeLessThan(20);
    expect(tokenizer.vocabSize).toBe(8000);

    const { pairs: test } = await readParallelTsv(corpusFile("tatoeba/eng-fra/test.tsv"));
    let tokens = 0;
    let words = 0;
    for (const { source, target } of test) {
      for (const text of [source, target]) {
        const ids = tokenizer.encode(text);
        expect(tokenizer.decode(ids)).toBe(text);
        tokens += ids.length;
        words += text.split(" ").length;
      }
    }
    // Everyday sentences: most words are single tokens, punctuation adds a few.
    expect(tokens / words).toBeLessThan(1.5);
  });

  it("handles Chinese without spaces (eng-cmn): characters stay short tokens", async () => {
    const { pairs } = await readParallelTsv(corpusFile("tatoeba/eng-cmn/train.tsv"), { mode: "lenient" });
    const tokenizer = BpeTokenizer.train(
      pairs.flatMap((pair) => [pair.source, pair.target]),
      { vocabSize: 8000 },
    );
    const { pairs: test } = await readParallelTsv(corpusFile("tatoeba/eng-cmn/test.tsv"));
    for (const { target } of test) {
      const ids = tokenizer.encode(target);
      expect(tokenizer.decode(ids)).toBe(target);
      // At most one token per character plus the byte fallback of rare characters (3 bytes each).
      expect(ids.length).toBeLessThanOrEqual(3 * Array.from(target).length);
      for (const id of ids) expect(Array.from(tokenizer.idToPiece(id)).length).toBeLessThanOrEqual(16);
    }
  });
});
