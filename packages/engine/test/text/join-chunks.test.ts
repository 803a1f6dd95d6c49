import { describe, it, expect } from "vitest";
import { joinTranslatedChunks } from "../../src/text/join-chunks.js";

describe("joinTranslatedChunks", () => {
  it("puts one space between western pieces", () => {
    expect(joinTranslatedChunks(["le chat", "dort ici."])).toBe("le chat dort ici.");
    expect(joinTranslatedChunks([" le chat ", "  dort"])).toBe("le chat dort");
  });

  it("inserts no space where Chinese or Japanese pieces meet", () => {
    expect(joinTranslatedChunks(["我们明天", "去北京。"])).toBe("我们明天去北京。");
    expect(joinTranslatedChunks(["我们，", "明天"])).toBe("我们，明天");
    expect(joinTranslatedChunks(["東京へ", "いきます"])).toBe("東京へいきます");
    expect(joinTranslatedChunks(["𠀋𠀋", "字"])).toBe("𠀋𠀋字"); // astral Han (surrogate pair) at the boundary
  });

  it("adds no space next to a CJK side even if the other side is Latin, and skips empty pieces", () => {
    expect(joinTranslatedChunks(["我用", "GPU"])).toBe("我用GPU");
    expect(joinTranslatedChunks(["a", "", "  ", "b"])).toBe("a b");
    expect(joinTranslatedChunks([])).toBe("");
  });
});
