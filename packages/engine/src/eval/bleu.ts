/**
 * Corpus BLEU with sacreBLEU 2.x defaults: 13a tokenization, n-grams up to 4, "exp" smoothing, brevity penalty,
 * statistics summed over the corpus. Several reference streams are supported as in sacreBLEU.
 */
import { bleuTokenizer, pythonRstrip, pythonSplit, type BleuTokenizerName } from "./sacrebleu-tokenizers.js";
import { referencesPerSegment, type References } from "./reference-streams.js";

export interface BleuOptions {
  tokenize?: BleuTokenizerName;
  lowercase?: boolean;
}

export interface BleuResult {
  score: number;
  /** n-gram precisions in percent, n = 1..4 (smoothed as sacreBLEU reports them). */
  precisions: number[];
  bp: number;
  sysLen: number;
  refLen: number;
  /** Matched and total n-gram counts, n = 1..4. */
  counts: number[];
  totals: number[];
}

const MAX_ORDER = 4;

export function corpusBleu(hypotheses: readonly string[], references: References, options: BleuOptions = {}): BleuResult {
  const tokenize = bleuTokenizer(options.tokenize ?? "13a");
  const prepare = (line: string): string[] =>
    pythonSplit(tokenize(pythonRstrip(options.lowercase ? line.toLowerCase() : line)));
  const segmentRefs = referencesPerSegment(hypotheses.length, references);
  const counts = new Array<number>(MAX_ORDER).fill(0);
  const totals = new Array<number>(MAX_ORDER).fill(0);
  let sysLen = 0;
  let refLen = 0;

  hypotheses.forEach((hypothesis, segment) => {
    const refs = segmentRefs[segment]!.map(prepare);
    const hyp = prepare(hypothesis);
    sysLen += hyp.length;
    refLen += closestRefLength(hyp.length, refs);
    const refMax = maxRefNgramCounts(refs);
    for (const [ngram, count] of countNgrams(hyp)) {
      const order = ngram.split(" ").length;
      counts[order - 1]! += Math.min(count, refMax.get(ngram) ?? 0);
      totals[order - 1]! += count;
    }
  });
  return bleuFromStats(counts, totals, sysLen, refLen);
}

/** Final score from summed statistics, as sacreBLEU's compute_bleu with smooth_method="exp". */
export function bleuFromStats(counts: number[], totals: number[], sysLen: number, refLen: number): BleuResult {
  const precisions = new Array<number>(MAX_ORDER).fill(0);
  let smoothing = 1;
  for (let n = 0; n < MAX_ORDER; n++) {
    if (totals[n] === 0) break;
    if (counts[n] === 0) {
      smoothing *= 2;
      precisions[n] = 100 / (smoothing * totals[n]!);
    } else {
      precisions[n] = (100 * counts[n]!) / totals[n]!;
    }
  }
  const bp = sysLen >= refLen ? 1 : sysLen > 0 ? Math.exp(1 - refLen / sysLen) : 0;
  // sacreBLEU's my_log maps 0 to -9999999999, which drives the score to 0.
  const logSum = precisions.reduce((sum, p) => sum + (p === 0 ? -9999999999 : Math.log(p)), 0);
  const score = bp * Math.exp(logSum / MAX_ORDER);
  return { score, precisions, bp, sysLen, refLen, counts: [...counts], totals: [...totals] };
}

/** sacreBLEU's one-line summary, e.g. "BLEU = 48.53 82.4/50.0/45.5/37.5 (BP = 0.943 ratio = 0.944 ...)". */
export function formatBleu(result: BleuResult): string {
  const precisions = result.precisions.map((p) => p.toFixed(1)).join("/");
  const ratio = result.refLen > 0 ? result.sysLen / result.refLen : 0;
  return (
    `BLEU = ${result.score.toFixed(2)} ${precisions} (BP = ${result.bp.toFixed(3)} ratio = ${ratio.toFixed(3)} ` +
    `hyp_len = ${result.sysLen} ref_len = ${result.refLen})`
  );
}

function countNgrams(tokens: readonly string[]): Map<string, number> {
  const ngrams = new Map<string, number>();
  for (let order = 1; order <= MAX_ORDER; order++) {
    for (let start = 0; start + order <= tokens.length; start++) {
      const ngram = tokens.slice(start, start + order).join(" ");
      ngrams.set(ngram, (ngrams.get(ngram) ?? 0) + 1);
    }
  }
  return ngrams;
}

function maxRefNgramCounts(refs: readonly string[][]): Map<string, number> {
  const merged = new Map<string, number>();
  for (const ref of refs) {
    for (const [ngram, count] of countNgrams(ref)) merged.set(ngram, Math.max(count, merged.get(ngram) ?? 0));
  }
  return merged;
}

/** Closest reference length to the hypothesis; ties go to the shorter reference. */
function closestRefLength(hypLength: number, refs: readonly string[][]): number {
  let best = refs[0]!.length;
  for (const ref of refs) {
    const diff = Math.abs(ref.length - hypLength);
    const bestDiff = Math.abs(best - hypLength);
    if (diff < bestDiff || (diff === bestDiff && ref.length < best)) best = ref.length;
  }
  return best;
}
