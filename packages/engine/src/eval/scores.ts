/** BLEU + chrF together, as reported by the eval CLI, the benchmarks and the gateway. */
import { corpusBleu, formatBleu, type BleuResult } from "./bleu.js";
import { corpusChrf, type ChrfResult } from "./chrf.js";
import type { References } from "./reference-streams.js";
import type { BleuTokenizerName } from "./sacrebleu-tokenizers.js";

export interface TranslationScores {
  bleu: BleuResult;
  chrf: ChrfResult;
  segments: number;
  tokenize: BleuTokenizerName;
}

export function scoreTranslations(
  hypotheses: readonly string[],
  references: References,
  options: { tokenize?: BleuTokenizerName } = {},
): TranslationScores {
  const tokenize = options.tokenize ?? "13a";
  return {
    bleu: corpusBleu(hypotheses, references, { tokenize }),
    chrf: corpusChrf(hypotheses, references),
    segments: hypotheses.length,
    tokenize,
  };
}

export function formatScores(scores: TranslationScores): string {
  return [
    `${formatBleu(scores.bleu)} [tokenize=${scores.tokenize}, segments=${scores.segments}]`,
    `chrF${scores.chrf.beta} = ${scores.chrf.score.toFixed(2)}`,
  ].join("\n");
}
