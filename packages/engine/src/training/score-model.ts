import { chooseBleuTokenizer } from "../eval/choose-bleu-tokenizer.js";
import type { BleuTokenizerName } from "../eval/sacrebleu-tokenizers.js";
import { scoreTranslations, type TranslationScores } from "../eval/scores.js";
import type { TranslationModel } from "../translator.js";
import type { TextPair } from "./train-model.js";

/** Sentences per translate call while scoring (bounds memory). */
const SCORING_BATCH = 64;

/** Translates the sources greedily and scores them against the targets with BLEU and chrF. */
export async function scoreModel(
  model: TranslationModel,
  pairs: readonly TextPair[],
  tokenize: BleuTokenizerName = chooseBleuTokenizer(pairs.map((pair) => pair.target)),
): Promise<TranslationScores> {
  const hypotheses: string[] = [];
  for (let start = 0; start < pairs.length; start += SCORING_BATCH) {
    const batch = pairs.slice(start, start + SCORING_BATCH).map((pair) => pair.source);
    for (const translation of await model.translate(batch, { beamSize: 1 })) hypotheses.push(translation.text);
  }
  return scoreTranslations(hypotheses, pairs.map((pair) => pair.target), { tokenize });
}

/** At most `count` pairs spread evenly over `pairs` (deterministic). */
export function evenSample<T>(pairs: readonly T[], count: number): T[] {
  if (pairs.length <= count) return [...pairs];
  return Array.from({ length: count }, (_, i) => pairs[Math.floor((i * pairs.length) / count)]!);
}
