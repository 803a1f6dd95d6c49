import { beamSearch, meets, type BeamOptions, type Requirement } from "./beam-search.js";
import type { IncrementalDecoder } from "./incremental-decoder.js";

/** Beam width of the second pass: wide enough to hold a hypothesis that places the placeholder. */
export const COVERAGE_BEAM = 8;

/**
 * Second pass for outputs that dropped a placeholder of their source (a number, a URL, a glossary term...). Without
 * it the span would be appended at the end ("J'ai des chats 3."); instead those sources are decoded again with a
 * beam of at least COVERAGE_BEAM that prefers finished hypotheses holding every placeholder (a simple form of
 * lexically constrained decoding, cf. Hokamp & Liu 2017, "Lexically Constrained Decoding for Sequence Generation
 * Using Grid Beam Search"). An output is replaced only by one that covers; the rest stay as they were.
 *
 * `outputs[i]` is the first pass's output for `sources[i]` (token ids, no BOS/EOS) and is updated in place;
 * `placeholderOf` maps each token id that writes a placeholder to the placeholder's index. Returns how many outputs
 * were replaced.
 */
export function coverPlaceholders(
  decoder: IncrementalDecoder,
  sources: readonly number[][],
  outputs: number[][],
  placeholderOf: ReadonlyMap<number, number>,
  options: Omit<BeamOptions, "required" | "beamSize"> & { beamSize?: number },
): number {
  const tokensOf = new Map<number, number[]>();
  for (const [token, index] of placeholderOf) tokensOf.set(index, [...(tokensOf.get(index) ?? []), token]);
  const required = sources.map((ids): Requirement[] => {
    const indices = new Set(ids.flatMap((id) => (placeholderOf.has(id) ? [placeholderOf.get(id)!] : [])));
    return [...indices].map((index) => tokensOf.get(index)!);
  });
  const redo = sources.flatMap((_, i) => (meets(outputs[i]!, required[i]!) ? [] : [i]));
  if (redo.length === 0) return 0;
  const hypotheses = beamSearch(decoder, redo.map((i) => sources[i]!), {
    ...options,
    beamSize: Math.max(COVERAGE_BEAM, options.beamSize ?? 1),
    required: redo.map((i) => required[i]!),
  });
  let replaced = 0;
  redo.forEach((source, j) => {
    const hypothesis = hypotheses[j]!;
    if (!hypothesis.finished || !meets(hypothesis.tokens, required[source]!)) return;
    outputs[source] = hypothesis.tokens;
    replaced += 1;
  });
  return replaced;
}
