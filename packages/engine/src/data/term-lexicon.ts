/**
 * A word-translation lexicon read off a parallel corpus, for teaching models to place glossary terms: word pairs
 * whose sentence-level co-occurrence has a high Dice coefficient, 2·c(s,t) / (c(s) + c(t)), and that are each
 * other's best match (Smadja, McKeown & Hatzivassiloglou 1996, "Translating collocations for bilingual lexicons";
 * mutual best as in competitive linking, Melamed 2000). Good enough to find "cat"/"chat" in Tatoeba; not an aligner.
 */
import type { TextPair } from "../training/train-model.js";

export interface TermLexiconOptions {
  /** Sentences a word must occur in (default 5). */
  minCount?: number;
  /** Dice coefficient a pair needs (default 0.6). */
  minDice?: number;
  /** Share of sentences above which a word is a function word, not a term (default 0.005). */
  maxShare?: number;
}

const WORD = /\p{L}[\p{L}\p{M}]+/gu;

/** Lower-cased word types of a sentence. */
export function wordTypes(text: string): Set<string> {
  return new Set(Array.from(text.matchAll(WORD), (match) => match[0].toLocaleLowerCase()));
}

/** Source word → its translation, both lower-cased. */
export function buildTermLexicon(pairs: readonly TextPair[], options: TermLexiconOptions = {}): Map<string, string> {
  const minCount = options.minCount ?? 5;
  const minDice = options.minDice ?? 0.6;
  const maxCount = Math.max(minCount, (options.maxShare ?? 0.005) * pairs.length);
  const isTerm = (counts: number[]) => (id: number) => counts[id]! >= minCount && counts[id]! <= maxCount;
  const sides = pairs.map((pair) => [wordTypes(pair.source), wordTypes(pair.target)] as const);
  const sourceIds = new Map<string, number>();
  const targetIds = new Map<string, number>();
  const sourceCounts: number[] = [];
  const targetCounts: number[] = [];
  const count = (ids: Map<string, number>, counts: number[], word: string) => {
    let id = ids.get(word);
    if (id === undefined) ids.set(word, (id = counts.push(0) - 1));
    counts[id]! += 1;
  };
  for (const [source, target] of sides) {
    for (const word of source) count(sourceIds, sourceCounts, word);
    for (const word of target) count(targetIds, targetCounts, word);
  }
  const together = new Map<number, number>();
  const width = targetCounts.length;
  for (const [source, target] of sides) {
    const s = [...source].map((w) => sourceIds.get(w)!).filter(isTerm(sourceCounts));
    const t = [...target].map((w) => targetIds.get(w)!).filter(isTerm(targetCounts));
    for (const a of s) for (const b of t) together.set(a * width + b, (together.get(a * width + b) ?? 0) + 1);
  }
  const bestOfSource = new Map<number, { target: number; dice: number }>();
  const bestOfTarget = new Map<number, { source: number; dice: number }>();
  for (const [key, joint] of together) {
    const a = Math.floor(key / width);
    const b = key % width;
    const dice = (2 * joint) / (sourceCounts[a]! + targetCounts[b]!);
    if (dice > (bestOfSource.get(a)?.dice ?? 0)) bestOfSource.set(a, { target: b, dice });
    if (dice > (bestOfTarget.get(b)?.dice ?? 0)) bestOfTarget.set(b, { source: a, dice });
  }
  const sourceWords = [...sourceIds.keys()];
  const targetWords = [...targetIds.keys()];
  const lexicon = new Map<string, string>();
  for (const [a, { target: b, dice }] of bestOfSource) {
    if (dice >= minDice && bestOfTarget.get(b)?.source === a) lexicon.set(sourceWords[a]!, targetWords[b]!);
  }
  return lexicon;
}
