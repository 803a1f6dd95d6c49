import { describe, expect, it } from "vitest";
import { corpusBleu, formatBleu } from "../../src/eval/bleu.js";
import { isSacrebleuChineseChar, pythonSplit, tokenize13a, tokenizeZh } from "../../src/eval/sacrebleu-tokenizers.js";

// The example from sacreBLEU's README (two reference streams).
const hyps = ["The dog bit the man.", "It wasn't surprising.", "The man had just bitten him."];
const refsA = ["The dog bit the man.", "It was not unexpected.", "The man bit him first."];
const refsB = ["The dog had bit the man.", "No one was surprised.", "The man had bitten the dog."];

describe("corpusBleu", () => {
  it("gives 100 for identical text", () => {
    const result = corpusBleu(refsA, refsA);
    expect(result.score).toBeCloseTo(100, 10);
    expect(result.bp).toBe(1);
  });

  it("matches sacreBLEU's documented two-reference example", () => {
    const result = corpusBleu(hyps, [refsA, refsB]);
    expect(formatBleu(result)).toBe(
      "BLEU = 48.53 82.4/50.0/45.5/37.5 (BP = 0.943 ratio = 0.944 hyp_len = 17 ref_len = 18)",
    );
  });

  it("matches a hand computation against the first reference stream only", () => {
    // Tokens (13a): 6/4/7 hypothesis and 6/5/6 reference tokens. Matches per order, summed over segments:
    // 1-grams 6+2+4 of 17, 2-grams 5+0+1 of 14, 3-grams 4+0+0 of 11, 4-grams 3+0+0 of 8; lengths equal, BP = 1.
    const result = corpusBleu(hyps, refsA);
    expect(result.counts).toEqual([12, 6, 4, 3]);
    expect(result.totals).toEqual([17, 14, 11, 8]);
    expect(result.sysLen).toBe(17);
    expect(result.refLen).toBe(17);
    const expected = 100 * Math.pow((12 / 17) * (6 / 14) * (4 / 11) * (3 / 8), 1 / 4);
    expect(result.score).toBeCloseTo(expected, 10);
    expect(result.score).toBeCloseTo(45.07, 2);
  });

  it("applies exp smoothing to zero-match orders and the brevity penalty", () => {
    // hyp "a b c d e" vs ref "a b c x e f g": 1-grams 4/5, 2-grams 2/4, 3-grams 1/3, 4-grams 0/2 -> 100/(2*2) = 25%.
    const result = corpusBleu(["a b c d e"], ["a b c x e f g"]);
    expect(result.precisions).toEqual([80, 50, 100 / 3, 25]);
    expect(result.bp).toBeCloseTo(Math.exp(1 - 7 / 5), 12);
    expect(result.score).toBeCloseTo(100 * Math.exp(1 - 7 / 5) * Math.pow(0.8 * 0.5 * (1 / 3) * 0.25, 1 / 4), 10);
  });

  it("scores 0 when the corpus has no 4-grams at all, like sacreBLEU", () => {
    expect(corpusBleu(["a b c"], ["a b c"]).score).toBeCloseTo(0, 10);
    expect(corpusBleu([""], ["a b c d"]).score).toBe(0);
  });

  it("splits Chinese characters with the zh tokenizer", () => {
    // 我 喜 欢 猫 。 vs 我 喜 欢 狗 。: 1-grams 4/5, 2-grams 2/4, 3-grams 1/3, 4-grams 0/2 (smoothed to 25%).
    const zh = corpusBleu(["我喜欢猫。"], ["我喜欢狗。"], { tokenize: "zh" });
    expect(zh.counts).toEqual([4, 2, 1, 0]);
    expect(zh.score).toBeCloseTo(100 * Math.pow(0.8 * 0.5 * (1 / 3) * 0.25, 1 / 4), 10);
    // With 13a the whole sentence is one token and nothing matches.
    expect(corpusBleu(["我喜欢猫。"], ["我喜欢狗。"]).counts[0]).toBe(0);
  });

  it("rejects reference streams of the wrong length", () => {
    expect(() => corpusBleu(hyps, refsA.slice(1))).toThrow(RangeError);
    expect(() => corpusBleu(hyps, [refsA, refsB.slice(1)])).toThrow(RangeError);
  });
});

describe("sacreBLEU tokenizers", () => {
  it("13a splits punctuation but not apostrophes, decimals or thousands", () => {
    expect(tokenize13a("I'm a student.")).toBe("I'm a student .");
    expect(tokenize13a("Pi is 3.14, 1,000 items (5-4)!")).toBe("Pi is 3.14 , 1,000 items ( 5 - 4 ) !");
    expect(tokenize13a("&quot;Hi&quot; &amp; bye<skipped>")).toBe('" Hi " & bye');
  });

  it("zh separates Chinese characters and sacreBLEU's extra punctuation ranges", () => {
    expect(tokenizeZh(" 我们走吧。 ")).toBe("我 们 走 吧 。");
    expect(tokenizeZh("Tom说“你好”…OK.")).toBe("Tom 说 “ 你 好 ” … OK .");
    expect(isSacrebleuChineseChar(0x2000)).toBe(false);
    expect(isSacrebleuChineseChar(0x2001)).toBe(true);
    expect(isSacrebleuChineseChar(0x20000)).toBe(false);
  });

  it("splits on Python's whitespace set", () => {
    expect(pythonSplit(" a\u0085b\u001fc\ufeffd ")).toEqual(["a", "b", "c\ufeffd"]);
  });
});
