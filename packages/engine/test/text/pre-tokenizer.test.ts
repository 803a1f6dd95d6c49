import { describe, expect, it } from "vitest";
import { MAX_CHUNK_CODE_POINTS, preTokenize } from "../../src/text/pre-tokenizer.js";
import { randomUnicodeStrings } from "./random-unicode.js";

describe("preTokenize", () => {
  it("attaches one leading space to words and keeps whitespace runs", () => {
    expect(preTokenize("Hello,  world!\tBye")).toEqual(["Hello", ",", " ", " world", "!", "\t", "Bye"]);
  });

  it("splits Chinese and Japanese text into single characters", () => {
    expect(preTokenize("我们走吧。")).toEqual(["我", "们", "走", "吧", "。"]);
    expect(preTokenize("カタカナです")).toEqual(["カ", "タ", "カ", "ナ", "で", "す"]);
  });

  it("cuts very long runs into bounded chunks", () => {
    const chunks = preTokenize("a".repeat(1000));
    expect(chunks.join("")).toBe("a".repeat(1000));
    for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(MAX_CHUNK_CODE_POINTS);
  });

  it("covers every character of arbitrary input", () => {
    for (const text of randomUnicodeStrings(2000, 3)) expect(preTokenize(text).join("")).toBe(text);
  });
});
