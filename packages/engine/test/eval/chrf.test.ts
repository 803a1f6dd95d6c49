import { describe, expect, it } from "vitest";
import { corpusChrf } from "../../src/eval/chrf.js";

describe("corpusChrf", () => {
  it("gives 100 for identical text and ignores whitespace", () => {
    expect(corpusChrf(["The cat sat."], ["The cat sat."]).score).toBeCloseTo(100, 10);
    expect(corpusChrf(["a b c"], ["abc"]).score).toBeCloseTo(100, 10);
  });

  it("matches a hand computation", () => {
    // hyp "ab", ref "abc": 1-grams P 2/2 R 2/3; 2-grams P 1/1 R 1/2; higher orders have no hypothesis n-grams.
    // avgP = 1, avgR = 7/12, chrF2 = 5 * 1 * 7/12 / (4 * 1 + 7/12) = 7/11.
    expect(corpusChrf(["ab"], ["abc"]).score).toBeCloseTo((100 * 7) / 11, 10);
  });

  it("matches the documented single-reference value (Hugging Face chrF metric card)", () => {
    const score = corpusChrf(
      ["The relationship between Obama and Netanyahu is not exactly friendly."],
      ["The ties between Obama and Netanyahu are not particularly friendly."],
    ).score;
    expect(score).toBeCloseTo(61.576379378113785, 9);
  });

  it("matches sacreBLEU's documented two-reference example (chrF2 = 59.73)", () => {
    const hyps = ["The dog bit the man.", "It wasn't surprising.", "The man had just bitten him."];
    const refs = [
      ["The dog bit the man.", "It was not unexpected.", "The man bit him first."],
      ["The dog had bit the man.", "No one was surprised.", "The man had bitten the dog."],
    ];
    expect(corpusChrf(hyps, refs).score.toFixed(2)).toBe("59.73");
  });

  it("counts characters, not UTF-16 units", () => {
    expect(corpusChrf(["𠀀𠀁"], ["𠀀𠀁"]).score).toBeCloseTo(100, 10);
    expect(corpusChrf(["𠀀"], ["𠀁"]).score).toBe(0);
  });

  it("scores an empty hypothesis 0", () => {
    expect(corpusChrf([""], ["something"]).score).toBe(0);
  });
});
