/**
 * Teaches a model to copy placeholders (text/placeholders.ts) by putting them into its training pairs:
 * - protected spans that appear on both sides (a number, a URL) become the same placeholder on both sides, as the
 *   translator will mask them at inference;
 * - a share of the pairs also gets synthetic placeholders at aligned places: a word written the same on both sides
 *   (a name) replaced or wrapped like an inline tag, one after the nth comma where both sides have as many commas,
 *   one at the start or before the final punctuation, or a pair wrapping the whole sentence. This is the
 *   data-augmentation recipe of e.g. Hanneman & Dinu (2020), "How should markup tags be translated?";
 * - a share of those get a word and its translation (from a lexicon read off the corpus, data/term-lexicon.ts)
 *   replaced by one placeholder on both sides, so the model learns to place a term placeholder where a noun or
 *   verb goes, with the articles around it: how glossaries work (text/glossary.ts; Crego et al. 2016, §7);
 * - half of the pairs left unchanged that write one number on both sides, as a word or in digits, get it replaced by
 *   one placeholder on both sides (data/quantity-masking.ts), so that a masked number lands where a quantity goes.
 */
import type { TextPair } from "../training/train-model.js";
import { findProtectedSpans } from "../text/protected-spans.js";
import { buildTermLexicon } from "./term-lexicon.js";
import { maskQuantity } from "./quantity-masking.js";
import { drawPlaceholder, replaceAt } from "./placeholder-draw.js";
import { MAX_PLACEHOLDERS, placeholder } from "../text/placeholders.js";
import { SeededRandom } from "../util/seeded-random.js";

export interface PlaceholderAugmentationOptions {
  seed: number;
  /** Share of pairs that get synthetic placeholders besides the shared spans (default 0.3). */
  syntheticRate?: number;
  /** Share of the synthetic pairs that get a term placeholder when they hold a lexicon word (default 0.4). */
  termRate?: number;
  /**
   * Share of the pairs left unchanged by the rest that get a quantity placeholder when both sides write a number
   * (data/quantity-masking.ts; default 0.5). Drawn from a stream of its own, so the other placeholders are those of a
   * run without it.
   */
  quantityRate?: number;
}

/** Returns new pairs (same order and count); deterministic for a seed, so a resumed run sees the same data. */
export function augmentWithPlaceholders(pairs: readonly TextPair[], options: PlaceholderAugmentationOptions): TextPair[] {
  const random = new SeededRandom(options.seed ^ 0x5eed);
  const rate = options.syntheticRate ?? 0.3;
  const termRate = options.termRate ?? 0.4;
  const quantities = new SeededRandom(options.seed ^ 0x9a17);
  const quantityRate = options.quantityRate ?? 0.5;
  const lexicon = rate > 0 && termRate > 0 ? buildTermLexicon(pairs) : new Map<string, string>();
  const augment = (pair: TextPair): TextPair => {
    const shared = maskSharedSpans(pair, random);
    if (random.next() >= rate) return shared.pair;
    if (random.next() < termRate) {
      const term = maskTerm(shared.pair, shared.next, lexicon, random);
      if (term !== undefined) return term;
    }
    return addSynthetic(shared.pair, shared.next, random);
  };
  return pairs.map((pair) => {
    const augmented = augment(pair);
    if (augmented !== pair || quantityRate <= 0 || quantities.next() >= quantityRate) return augmented;
    return maskQuantity(pair, 0, quantities) ?? pair;
  });
}

/** One lexicon word occurring once on each side, replaced by the same placeholder on both sides; else undefined. */
function maskTerm(pair: TextPair, firstFree: number, lexicon: ReadonlyMap<string, string>, random: SeededRandom): TextPair | undefined {
  if (firstFree + 1 > MAX_PLACEHOLDERS) return undefined;
  const once = (text: string) => {
    const counts = new Map<string, { index: number; length: number; n: number }>();
    for (const match of text.matchAll(WORD)) {
      const key = match[0].toLocaleLowerCase();
      const seen = counts.get(key);
      counts.set(key, { index: match.index, length: match[0].length, n: (seen?.n ?? 0) + 1 });
    }
    return counts;
  };
  const source = once(pair.source);
  const target = once(pair.target);
  const candidates = [...source].filter(([word, at]) => at.n === 1 && target.get(lexicon.get(word) ?? "")?.n === 1);
  if (candidates.length === 0) return undefined;
  const [word, at] = candidates[Math.floor(random.next() * candidates.length)]!;
  const there = target.get(lexicon.get(word)!)!;
  const id = drawPlaceholder(firstFree, random);
  return { source: replaceAt(pair.source, at, id), target: replaceAt(pair.target, there, id) };
}

interface Masked { pair: TextPair; next: number }

/** Spans of equal text on both sides become one placeholder each, numbered from a random start now and then. */
function maskSharedSpans(pair: TextPair, random: SeededRandom): Masked {
  const sourceSpans = findProtectedSpans(pair.source);
  if (sourceSpans.length === 0) return { pair, next: 0 };
  const targetSpans = findProtectedSpans(pair.target);
  const matches: { source: { start: number; end: number }; target: { start: number; end: number } }[] = [];
  const usedTarget = new Set<number>();
  for (const span of sourceSpans) {
    const text = pair.source.slice(span.start, span.end);
    const t = targetSpans.findIndex((other, i) => !usedTarget.has(i) && pair.target.slice(other.start, other.end) === text);
    if (t < 0) continue;
    usedTarget.add(t);
    matches.push({ source: span, target: targetSpans[t]! });
  }
  if (matches.length === 0 || matches.length > MAX_PLACEHOLDERS) return { pair, next: 0 };
  const first = random.next() < 0.3 ? Math.floor(random.next() * (MAX_PLACEHOLDERS - matches.length + 1)) : 0;
  const ids = matches.map((_, i) => placeholder(first + i));
  return {
    pair: {
      source: replaceRanges(pair.source, matches.map((m, i) => ({ ...m.source, text: ids[i]! }))),
      target: replaceRanges(pair.target, matches.map((m, i) => ({ ...m.target, text: ids[i]! }))),
    },
    next: first + matches.length,
  };
}

function replaceRanges(text: string, ranges: { start: number; end: number; text: string }[]): string {
  let out = "";
  let cursor = 0;
  for (const range of [...ranges].sort((a, b) => a.start - b.start)) {
    out += text.slice(cursor, range.start) + range.text;
    cursor = range.end;
  }
  return out + text.slice(cursor);
}

const WORD = /\p{L}[\p{L}\p{M}]+/gu;
const FINAL_PUNCTUATION = /[\s\p{P}]*$/u;

function addSynthetic(pair: TextPair, firstFree: number, random: SeededRandom): TextPair {
  if (firstFree + 2 > MAX_PLACEHOLDERS) return pair;
  // Now and then a higher number, so that every placeholder's embedding is trained.
  const next = random.next() < 0.3 ? firstFree + Math.floor(random.next() * (MAX_PLACEHOLDERS - 1 - firstFree)) : firstFree;
  const open = placeholder(next);
  const close = placeholder(next + 1);
  const word = sharedWord(pair, random);
  const choice = random.next();
  // Mid-sentence places teach the most (numbers, links and tags sit inside sentences): names first, then commas.
  if (word !== undefined && choice < 0.6) {
    const replacement = random.next() < 0.5 ? open : open + word + close;
    return { source: replaceWord(pair.source, word, replacement), target: replaceWord(pair.target, word, replacement) };
  }
  const commas = countOf(pair.source, ",");
  if (commas > 0 && commas === countOf(pair.target, ",") && choice < 0.8) {
    const nth = Math.floor(random.next() * commas);
    return { source: afterNthComma(pair.source, nth, open), target: afterNthComma(pair.target, nth, open) };
  }
  const edge = random.next();
  if (edge < 0.35) return { source: `${open} ${pair.source}`, target: `${open} ${pair.target}` };
  if (edge < 0.7) return { source: beforeFinalPunctuation(pair.source, ` ${open}`), target: beforeFinalPunctuation(pair.target, ` ${open}`) };
  return { source: wrapBody(pair.source, open, close), target: wrapBody(pair.target, open, close) };
}

function countOf(text: string, char: string): number {
  return text.split(char).length - 1;
}

/** Inserts ` placeholder` after the nth comma (0-based) of text. */
function afterNthComma(text: string, nth: number, placeholderChar: string): string {
  let index = -1;
  for (let i = 0; i <= nth; i++) index = text.indexOf(",", index + 1);
  return `${text.slice(0, index + 1)} ${placeholderChar}${text.slice(index + 1)}`;
}

/** A word written the same way exactly once on each side (names, loanwords), or undefined. */
function sharedWord(pair: TextPair, random: SeededRandom): string | undefined {
  const counts = (text: string) => {
    const map = new Map<string, number>();
    for (const [word] of text.matchAll(WORD)) map.set(word, (map.get(word) ?? 0) + 1);
    return map;
  };
  const source = counts(pair.source);
  const target = counts(pair.target);
  const candidates = [...source].filter(([word, n]) => n === 1 && target.get(word) === 1).map(([word]) => word);
  return candidates.length === 0 ? undefined : candidates[Math.floor(random.next() * candidates.length)];
}

function replaceWord(text: string, word: string, replacement: string): string {
  for (const match of text.matchAll(WORD)) {
    if (match[0] === word) return text.slice(0, match.index) + replacement + text.slice(match.index + word.length);
  }
  return text;
}

function beforeFinalPunctuation(text: string, insert: string): string {
  const tail = FINAL_PUNCTUATION.exec(text)![0];
  return text.slice(0, text.length - tail.length) + insert + tail;
}

function wrapBody(text: string, open: string, close: string): string {
  const tail = FINAL_PUNCTUATION.exec(text)![0];
  const body = text.slice(0, text.length - tail.length);
  return body === "" ? text : open + body + close + tail;
}
