/**
 * A made-up parallel corpus generated from a seed, for tests and smoke runs that need a real model trained in
 * seconds without touching a licensed corpus: an invented "source" lexicon maps word by word onto an invented
 * "target" lexicon, with a fixed reordering (the last two words swap) so the model has to attend, not just copy.
 */
import { SeededRandom } from "../util/seeded-random.js";

export interface SyntheticCorpusOptions {
  pairs: number;
  /** Distinct words per side (default 12). */
  vocabulary?: number;
  minWords?: number;
  maxWords?: number;
  seed?: number;
}

const SOURCE_SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "ta", "vo", "zi", "pe", "su"];
const TARGET_SYLLABLES = ["bra", "dul", "fen", "gor", "hix", "jam", "kel", "mur", "nox", "pif"];

export function syntheticParallelCorpus(options: SyntheticCorpusOptions): { source: string; target: string }[] {
  const random = new SeededRandom(options.seed ?? 1);
  const size = options.vocabulary ?? 12;
  const sourceWords = inventWords(SOURCE_SYLLABLES, size, random);
  const targetWords = inventWords(TARGET_SYLLABLES, size, random);
  const minWords = options.minWords ?? 1;
  const maxWords = options.maxWords ?? 4;
  return Array.from({ length: options.pairs }, () => {
    const length = minWords + random.nextInt(maxWords - minWords + 1);
    const ids = Array.from({ length }, () => random.nextInt(size));
    const reordered = [...ids];
    if (length >= 2) [reordered[length - 2], reordered[length - 1]] = [ids[length - 1]!, ids[length - 2]!];
    return {
      source: ids.map((id) => sourceWords[id]!).join(" ") + ".",
      target: reordered.map((id) => targetWords[id]!).join(" ") + ".",
    };
  });
}

/** `count` distinct two-syllable words. */
function inventWords(syllables: readonly string[], count: number, random: SeededRandom): string[] {
  if (count > syllables.length ** 2) throw new RangeError(`at most ${syllables.length ** 2} words`);
  const words = new Set<string>();
  while (words.size < count) words.add(syllables[random.nextInt(syllables.length)]! + syllables[random.nextInt(syllables.length)]!);
  return [...words];
}

