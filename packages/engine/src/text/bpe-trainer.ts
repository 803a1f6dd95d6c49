/**
 * Learns a byte-fallback BPE vocabulary: an alphabet of frequent characters, then merges of the most frequent
 * adjacent pair, with pair counts updated incrementally (only the words containing the merged pair are touched).
 */
import { FIRST_PIECE_ID, PAIR_KEY_BASE, pairKey } from "./bpe-layout.js";
import { normalizeText } from "./normalize.js";
import { PairHeap } from "./pair-heap.js";
import { preTokenize } from "./pre-tokenizer.js";
import type { BpeTokenizerJson } from "./tokenizer.js";

export interface BpeTrainOptions {
  /** Total vocabulary size including the 4 special and 256 byte tokens. */
  vocabSize: number;
  /** Characters and pairs seen fewer times than this are not learned (default 2). */
  minFrequency?: number;
}

/** Marks a character outside the alphabet: it is byte-encoded and never merged. */
const OUTSIDE_ALPHABET = -1;

export function learnBpe(texts: Iterable<string>, options: BpeTrainOptions): BpeTokenizerJson {
  const { vocabSize } = options;
  const minFrequency = options.minFrequency ?? 2;
  if (!Number.isInteger(vocabSize) || vocabSize <= FIRST_PIECE_ID || vocabSize > PAIR_KEY_BASE) {
    throw new RangeError(`vocabSize must be an integer in ${FIRST_PIECE_ID + 1}..${PAIR_KEY_BASE}, got ${vocabSize}`);
  }
  if (!Number.isInteger(minFrequency) || minFrequency < 1) throw new RangeError("minFrequency must be an integer >= 1");

  const chunkCounts = countChunks(texts);
  const pieces = chooseAlphabet(chunkCounts, vocabSize - FIRST_PIECE_ID, minFrequency);
  const merges = new MergeLearner(chunkCounts, pieces).learn(vocabSize, minFrequency);
  return { type: "bpe", version: 1, pieces, merges };
}

function countChunks(texts: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const text of texts) {
    for (const chunk of preTokenize(normalizeText(text))) counts.set(chunk, (counts.get(chunk) ?? 0) + 1);
  }
  return counts;
}

function chooseAlphabet(chunkCounts: Map<string, number>, maxSize: number, minFrequency: number): string[] {
  const charCounts = new Map<string, number>();
  for (const [chunk, count] of chunkCounts) {
    for (const char of chunk) charCounts.set(char, (charCounts.get(char) ?? 0) + count);
  }
  return [...charCounts]
    .filter(([, count]) => count >= minFrequency)
    .sort(([charA, countA], [charB, countB]) => countB - countA || (charA < charB ? -1 : charA > charB ? 1 : 0))
    .slice(0, maxSize)
    .map(([char]) => char);
}

class MergeLearner {
  private readonly words: number[][] = [];
  private readonly wordCounts: number[] = [];
  private readonly pairCounts = new Map<number, number>();
  /** Words that contain (or once contained) each pair; checked again before merging. */
  private readonly pairWords = new Map<number, number[]>();
  private readonly pieceIds = new Map<string, number>();
  private readonly heap = new PairHeap();

  constructor(
    chunkCounts: Map<string, number>,
    private readonly pieces: string[],
  ) {
    pieces.forEach((piece, index) => this.pieceIds.set(piece, FIRST_PIECE_ID + index));
    for (const [chunk, count] of chunkCounts) {
      const symbols = Array.from(chunk, (char) => this.pieceIds.get(char) ?? OUTSIDE_ALPHABET);
      if (symbols.length < 2) continue;
      const word = this.words.length;
      this.words.push(symbols);
      this.wordCounts.push(count);
      this.forEachPair(symbols, (key) => {
        this.addCount(key, count);
        this.noteWord(key, word);
      });
    }
    for (const [key, count] of this.pairCounts) this.heap.push(count, key);
  }

  learn(vocabSize: number, minFrequency: number): [number, number][] {
    const merges: [number, number][] = [];
    while (FIRST_PIECE_ID + this.pieces.length < vocabSize) {
      const top = this.heap.pop();
      if (top === undefined) break;
      const live = this.pairCounts.get(top.key) ?? 0;
      if (live !== top.count) {
        // A lower live count means this entry is stale-high: requeue it. A higher one was pushed separately.
        if (live > 0 && live < top.count) this.heap.push(live, top.key);
        continue;
      }
      if (live < minFrequency) break;
      const left = Math.floor(top.key / PAIR_KEY_BASE);
      const right = top.key % PAIR_KEY_BASE;
      merges.push([left, right]);
      this.applyMerge(top.key, left, right, this.idFor(this.pieceText(left) + this.pieceText(right)));
    }
    return merges;
  }

  private applyMerge(key: number, left: number, right: number, merged: number): void {
    const grownPairs = new Set<number>();
    let previousWord = -1;
    for (const word of this.pairWords.get(key) ?? []) {
      if (word === previousWord) continue;
      previousWord = word;
      const symbols = this.words[word]!;
      if (!containsPair(symbols, left, right)) continue;
      const count = this.wordCounts[word]!;
      this.forEachPair(symbols, (oldKey) => this.addCount(oldKey, -count));
      const next = mergePair(symbols, left, right, merged);
      this.words[word] = next;
      this.forEachPair(next, (newKey, a, b) => {
        this.addCount(newKey, count);
        if (a === merged || b === merged) {
          this.noteWord(newKey, word);
          grownPairs.add(newKey);
        }
      });
    }
    this.pairWords.delete(key);
    this.pairCounts.delete(key);
    for (const grown of grownPairs) {
      const live = this.pairCounts.get(grown);
      if (live !== undefined) this.heap.push(live, grown);
    }
  }

  private idFor(piece: string): number {
    const existing = this.pieceIds.get(piece);
    if (existing !== undefined) return existing;
    const id = FIRST_PIECE_ID + this.pieces.length;
    this.pieces.push(piece);
    this.pieceIds.set(piece, id);
    return id;
  }

  private pieceText(id: number): string {
    return this.pieces[id - FIRST_PIECE_ID]!;
  }

  private forEachPair(symbols: readonly number[], visit: (key: number, left: number, right: number) => void): void {
    for (let i = 0; i + 1 < symbols.length; i++) {
      const a = symbols[i]!;
      const b = symbols[i + 1]!;
      if (a !== OUTSIDE_ALPHABET && b !== OUTSIDE_ALPHABET) visit(pairKey(a, b), a, b);
    }
  }

  private addCount(key: number, delta: number): void {
    const count = (this.pairCounts.get(key) ?? 0) + delta;
    if (count === 0) this.pairCounts.delete(key);
    else this.pairCounts.set(key, count);
  }

  private noteWord(key: number, word: number): void {
    const list = this.pairWords.get(key);
    if (list === undefined) this.pairWords.set(key, [word]);
    // Words are visited in order, so a repeat of the same pair in one word shows up as the last entry.
    else if (list[list.length - 1] !== word) list.push(word);
  }
}

function containsPair(symbols: readonly number[], left: number, right: number): boolean {
  for (let i = 0; i + 1 < symbols.length; i++) {
    if (symbols[i] === left && symbols[i + 1] === right) return true;
  }
  return false;
}

/** Replaces every non-overlapping (left, right) occurrence, scanning left to right. */
export function mergePair(symbols: readonly number[], left: number, right: number, merged: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < symbols.length; i++) {
    if (i + 1 < symbols.length && symbols[i] === left && symbols[i + 1] === right) {
      out.push(merged);
      i++;
    } else {
      out.push(symbols[i]!);
    }
  }
  return out;
}
