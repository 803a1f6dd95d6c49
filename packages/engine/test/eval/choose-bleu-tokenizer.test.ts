import { describe, it, expect } from "vitest";
import { chooseBleuTokenizer } from "../../src/eval/choose-bleu-tokenizer.js";

describe("chooseBleuTokenizer", () => {
  it("picks zh for mostly-CJK references and 13a otherwise", () => {
    expect(chooseBleuTokenizer(["我们明天去北京。", "他用GPU。"])).toBe("zh");
    expect(chooseBleuTokenizer(["日本語のテキストです"])).toBe("zh");
    expect(chooseBleuTokenizer(["Le chat dort.", "Der Hund 狗."])).toBe("13a");
    expect(chooseBleuTokenizer(["123 !!"])).toBe("13a");
  });
});
