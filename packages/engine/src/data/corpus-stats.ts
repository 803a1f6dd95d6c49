/** Summary figures for a parallel corpus (shown on dataset upload and used to pick length limits). */
import { codePointLength } from "../text/normalize.js";

export interface SideStats {
  meanChars: number;
  maxChars: number;
  /** Whitespace-separated words (a Chinese sentence without spaces counts as one word). */
  meanWords: number;
  maxWords: number;
  /** 95th percentile of words per sentence. */
  p95Words: number;
}

export interface CorpusStats {
  pairs: number;
  uniqueSources: number;
  uniqueTargets: number;
  source: SideStats;
  target: SideStats;
}

export function corpusStats(pairs: readonly { source: string; target: string }[]): CorpusStats {
  return {
    pairs: pairs.length,
    uniqueSources: new Set(pairs.map((pair) => pair.source)).size,
    uniqueTargets: new Set(pairs.map((pair) => pair.target)).size,
    source: sideStats(pairs.map((pair) => pair.source)),
    target: sideStats(pairs.map((pair) => pair.target)),
  };
}

function sideStats(sentences: readonly string[]): SideStats {
  const chars = sentences.map(codePointLength);
  const words = sentences.map((sentence) => sentence.split(/\s+/u).filter(Boolean).length);
  return {
    meanChars: mean(chars),
    maxChars: max(chars),
    meanWords: mean(words),
    maxWords: max(words),
    p95Words: percentile(words, 0.95),
  };
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;
}

function max(values: readonly number[]): number {
  return values.reduce((best, value) => Math.max(best, value), 0);
}

function percentile(values: readonly number[], fraction: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}
