/**
 * Corpus chrF with sacreBLEU 2.x defaults: character n-grams up to 6, beta 2, no word n-grams, whitespace removed,
 * effective-order averaging of precision and recall. With several references, each segment uses the reference
 * with the best sentence-level chrF, as sacreBLEU does.
 */
import { pythonSplit } from "./sacrebleu-tokenizers.js";
import { referencesPerSegment, type References } from "./reference-streams.js";

export interface ChrfOptions {
  charOrder?: number;
  beta?: number;
  lowercase?: boolean;
}

export interface ChrfResult {
  score: number;
  charOrder: number;
  beta: number;
}

export function corpusChrf(hypotheses: readonly string[], references: References, options: ChrfOptions = {}): ChrfResult {
  const charOrder = options.charOrder ?? 6;
  const beta = options.beta ?? 2;
  const ngramsOf = (line: string): Map<string, number>[] =>
    charNgrams(pythonSplit(options.lowercase ? line.toLowerCase() : line).join(""), charOrder);
  const segmentRefs = referencesPerSegment(hypotheses.length, references);
  const corpusStats = new Array<number>(3 * charOrder).fill(0);

  hypotheses.forEach((hypothesis, segment) => {
    const hypNgrams = ngramsOf(hypothesis);
    let best: number[] = [];
    let bestScore = -1;
    for (const ref of segmentRefs[segment]!) {
      const stats = matchStatistics(hypNgrams, ngramsOf(ref));
      const score = chrfFromStats(stats, beta);
      if (score > bestScore) {
        best = stats;
        bestScore = score;
      }
    }
    best.forEach((value, index) => (corpusStats[index]! += value));
  });
  return { score: chrfFromStats(corpusStats, beta), charOrder, beta };
}

/** Score (0..100) from [hypCount, refCount, matchCount] triples per n-gram order. */
export function chrfFromStats(stats: readonly number[], beta: number): number {
  let precisionSum = 0;
  let recallSum = 0;
  let effectiveOrder = 0;
  for (let i = 0; i + 2 < stats.length; i += 3) {
    const [hypCount, refCount, matches] = [stats[i]!, stats[i + 1]!, stats[i + 2]!];
    if (hypCount > 0 && refCount > 0) {
      precisionSum += matches / hypCount;
      recallSum += matches / refCount;
      effectiveOrder++;
    }
  }
  if (effectiveOrder === 0) return 0;
  const precision = precisionSum / effectiveOrder;
  const recall = recallSum / effectiveOrder;
  if (precision + recall === 0) return 0;
  const factor = beta * beta;
  return (100 * (1 + factor) * precision * recall) / (factor * precision + recall);
}

function charNgrams(text: string, maxOrder: number): Map<string, number>[] {
  const chars = Array.from(text); // code points, as Python indexes strings
  const orders: Map<string, number>[] = [];
  for (let order = 1; order <= maxOrder; order++) {
    const counts = new Map<string, number>();
    for (let start = 0; start + order <= chars.length; start++) {
      const ngram = chars.slice(start, start + order).join("");
      counts.set(ngram, (counts.get(ngram) ?? 0) + 1);
    }
    orders.push(counts);
  }
  return orders;
}

function matchStatistics(hyp: readonly Map<string, number>[], ref: readonly Map<string, number>[]): number[] {
  const stats: number[] = [];
  hyp.forEach((hypCounts, order) => {
    const refCounts = ref[order]!;
    let hypTotal = 0;
    let matches = 0;
    for (const [ngram, count] of hypCounts) {
      hypTotal += count;
      matches += Math.min(count, refCounts.get(ngram) ?? 0);
    }
    let refTotal = 0;
    for (const count of refCounts.values()) refTotal += count;
    // sacreBLEU does not count hypothesis n-grams of an order the reference has none of.
    stats.push(refCounts.size > 0 ? hypTotal : 0, refTotal, matches);
  });
  return stats;
}
