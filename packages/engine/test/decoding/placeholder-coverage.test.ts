import { describe, expect, it } from "vitest";
import { beamSearch } from "../../src/decoding/beam-search.js";
import { coverPlaceholders } from "../../src/decoding/placeholder-coverage.js";
import { EOS_ID } from "../../src/models/special-tokens.js";
import { scriptedDecoder } from "../support/scripted-decoder.js";

// Tokens: 4 "a", 5 "b", 7 "c", 6 and 8 two ways of writing placeholder 0.
const A = 4, B = 5, P = 6, C = 7, P_AT_WORD_START = 8;
const VOCAB = 9;

/** "a b" is the likeliest output and drops the placeholder; "a c P" (p = 0.06) holds it and ends a step later. */
function distribution(prefix: readonly number[]): number[] {
  const probs = new Array<number>(VOCAB).fill(0);
  const set = (entries: Record<number, number>) => Object.entries(entries).forEach(([token, p]) => (probs[Number(token)] = p));
  const key = prefix.join(" ");
  if (key === "") set({ [A]: 0.6, [B]: 0.4 });
  else if (key === `${A}`) set({ [B]: 0.9, [C]: 0.1 });
  else if (key === `${A} ${B}`) set({ [EOS_ID]: 0.95, [P]: 0.05 });
  else if (key === `${A} ${C}`) set({ [P]: 1 });
  else set({ [EOS_ID]: 1 });
  return probs;
}

describe("placeholder coverage (constrained beam search)", () => {
  const decoder = scriptedDecoder(VOCAB, distribution);

  it("prefers a finished hypothesis that holds every required token, searching past an earlier one that does not", () => {
    expect(beamSearch(decoder, [[1]], { beamSize: 2 })[0]!.tokens).toEqual([A, B]);
    const [covered] = beamSearch(decoder, [[1]], { beamSize: 2, required: [[[P]]] });
    expect(covered!.tokens).toEqual([A, C, P]);
    expect(covered!.finished).toBe(true);
  });

  it("decodes again only the outputs that dropped a placeholder of their source, and replaces them", () => {
    const placeholderOf = new Map([[P, 0], [P_AT_WORD_START, 0]]);
    const sources = [[1, P], [1, P_AT_WORD_START], [1, 1]];
    const outputs = [[A, B], [A, B, P], [A, B]];
    expect(coverPlaceholders(decoder, sources, outputs, placeholderOf, {})).toBe(1);
    // The second already holds placeholder 0 (another spelling of it); the third has none to hold.
    expect(outputs).toEqual([[A, C, P], [A, B, P], [A, B]]);
  });

  it("keeps an output when no hypothesis of the second pass holds the placeholder", () => {
    const none = scriptedDecoder(VOCAB, (prefix) => (prefix.length === 0 ? [0, 0, 0, 0, 1, 0, 0, 0, 0] : [0, 0, 0, 1, 0, 0, 0, 0, 0]));
    const outputs = [[A]];
    expect(coverPlaceholders(none, [[P]], outputs, new Map([[P, 0]]), {})).toBe(0);
    expect(outputs).toEqual([[A]]);
  });
});
