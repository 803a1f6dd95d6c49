import { describe, expect, it } from "vitest";
import { repeats } from "../../src/decoding/repetition-guard.js";

describe("repetition guard", () => {
  const guard = { maxRun: 3, noRepeatNgram: 4 };
  it("refuses a fourth token in a row, not a third", () => {
    expect(repeats([5, 7, 7], 7, guard)).toBe(false);
    expect(repeats([5, 7, 7, 7], 7, guard)).toBe(true);
  });
  it("refuses a repeated 4-gram, not a repeated 3-gram", () => {
    expect(repeats([1, 2, 3, 4, 9, 1, 2, 3], 4, guard)).toBe(true);
    expect(repeats([1, 2, 3, 9, 1, 2], 3, guard)).toBe(false);
    expect(repeats([1, 2, 3, 4, 9, 1, 2, 3], 5, guard)).toBe(false);
  });
  it("is off with zeros", () => {
    expect(repeats([7, 7, 7, 7, 7], 7, { maxRun: 0, noRepeatNgram: 0 })).toBe(false);
  });
});
