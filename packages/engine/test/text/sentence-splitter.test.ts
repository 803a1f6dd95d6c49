import { describe, expect, it } from "vitest";
import { randomInt, seededRandom } from "../../src/data/seeded-random.js";
import { joinSentences, splitSentences } from "../../src/text/sentence-splitter.js";

function sentencesOf(text: string): string[] {
  return splitSentences(text).sentences;
}

describe("splitSentences", () => {
  it("splits on . ! ? … and keeps the separators", () => {
    const text = "  Hello there. How are you?  Great!\tAnd you… Fine. ";
    const split = splitSentences(text);
    expect(split.sentences).toEqual(["Hello there.", "How are you?", "Great!", "And you…", "Fine."]);
    expect(split.separators).toEqual(["  ", " ", "  ", "\t", " ", " "]);
    expect(joinSentences(split.sentences, split.separators)).toBe(text);
  });

  it("does not split after abbreviations, initials, decimals or before lowercase words", () => {
    expect(sentencesOf("Mr. Smith met Dr. Jones. They talked.")).toEqual(["Mr. Smith met Dr. Jones.", "They talked."]);
    expect(sentencesOf("Bring fruit, e.g. Apples or pears. Thanks.")).toEqual([
      "Bring fruit, e.g. Apples or pears.",
      "Thanks.",
    ]);
    expect(sentencesOf("J. K. Rowling wrote it. Pi is 3.14 exactly. Wait... what? Yes.")).toEqual([
      "J. K. Rowling wrote it.",
      "Pi is 3.14 exactly.",
      "Wait... what?",
      "Yes.",
    ]);
    expect(sentencesOf("Neither do I. Fine.")).toEqual(["Neither do I.", "Fine."]);
  });

  it("splits after closing quotes and on numbered list lines only at line breaks", () => {
    expect(sentencesOf('He said "Stop." Then he left.')).toEqual(['He said "Stop."', "Then he left."]);
    expect(sentencesOf("1. Open the box.\n2. Take it out.")).toEqual(["1. Open the box.", "2. Take it out."]);
  });

  it("splits Chinese after 。！？ without needing spaces", () => {
    const split = splitSentences("我们走吧。你好！你是谁？好");
    expect(split.sentences).toEqual(["我们走吧。", "你好！", "你是谁？", "好"]);
    expect(split.separators).toEqual(["", "", "", "", ""]);
  });

  it("treats every line break as a boundary and keeps blank lines in the separator", () => {
    const text = "Title\n\nFirst paragraph line\nsecond line.\r\nEnd";
    const split = splitSentences(text);
    expect(split.sentences).toEqual(["Title", "First paragraph line", "second line.", "End"]);
    expect(split.separators).toEqual(["", "\n\n", "\n", "\r\n", ""]);
  });

  it("handles empty and whitespace-only text", () => {
    expect(splitSentences("")).toEqual({ sentences: [], separators: [""] });
    expect(splitSentences(" \n\t")).toEqual({ sentences: [], separators: [" \n\t"] });
  });

  it("always reconstructs the input and yields trimmed, non-empty sentences", () => {
    const pieces = ["Hello", "world", "Mr.", "e.g.", "3.14", ".", "!", "?", "…", "...", "。", "！", "我们", "a", "B",
      " ", "  ", "\n", "\n\n", "\t", "\r\n", '"', "”", ")", "1.", "I."];
    const random = seededRandom(11);
    for (let i = 0; i < 3000; i++) {
      let text = "";
      for (let j = randomInt(random, 25); j > 0; j--) text += pieces[randomInt(random, pieces.length)]!;
      const split = splitSentences(text);
      expect(joinSentences(split.sentences, split.separators)).toBe(text);
      for (const sentence of split.sentences) {
        expect(sentence.length).toBeGreaterThan(0);
        expect(sentence.trim()).toBe(sentence);
      }
      for (const separator of split.separators) expect(separator.trim()).toBe("");
    }
  });

  it("rejects mismatched separators when joining", () => {
    expect(() => joinSentences(["a"], ["", "", ""])).toThrow(RangeError);
  });
});
