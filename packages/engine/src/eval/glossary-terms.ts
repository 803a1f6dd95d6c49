/**
 * How well a model applies a glossary, measured as Dinu et al. (2019, "Training Neural Machine Translation To Apply
 * Terminology Constraints") do: term pairs read off the training corpus (data/term-lexicon.ts); a test sentence gets
 * a term when its source holds a lexicon word whose translation is in its reference, so the glossary agrees with the
 * reference and BLEU measures how well the terms were placed. Sentences without a term are decoded exactly as
 * without a glossary, so they are left out.
 */
import { buildTermLexicon, wordTypes } from "../data/term-lexicon.js";
import type { TextPair } from "../training/train-model.js";
import type { TranslationModel } from "../translator.js";
import type { BleuTokenizerName } from "./sacrebleu-tokenizers.js";
import { scoreTranslations } from "./scores.js";

export interface GlossaryTermOptions {
  beamSize?: number;
  /** Test sentences with a term to use (default 400). */
  limit?: number;
  tokenize?: BleuTokenizerName;
}

export interface GlossaryTermRun {
  /** Share of sentences whose output holds the term's translation as a word. */
  termUseRate: number;
  /** Share whose term the model dropped, so the translator appended it after the sentence. */
  appendedRate: number;
  bleu: number;
  chrF: number;
  seconds: number;
}

export interface GlossaryTermScores {
  sentences: number;
  glossaryEntries: number;
  lexiconEntries: number;
  withoutGlossary: GlossaryTermRun;
  withGlossary: GlossaryTermRun;
}

export async function scoreGlossaryTerms(
  model: TranslationModel,
  train: readonly TextPair[],
  test: readonly TextPair[],
  options: GlossaryTermOptions = {},
): Promise<GlossaryTermScores> {
  const lexicon = buildTermLexicon(train);
  const cases: { pair: TextPair; translation: string; term: string }[] = [];
  for (const pair of test) {
    const reference = wordTypes(pair.target);
    const term = [...wordTypes(pair.source)].find((word) => reference.has(lexicon.get(word) ?? "\u0000"));
    if (term !== undefined) cases.push({ pair, term, translation: lexicon.get(term)! });
  }
  const chosen = cases.slice(0, options.limit ?? 400);
  const entries = [...new Map(chosen.map((c) => [c.term, c.translation])).entries()].map(([source, target]) => ({ source, target }));
  const run = async (withGlossary: boolean): Promise<GlossaryTermRun> => {
    const started = performance.now();
    const outputs = (await model.translate(chosen.map((c) => c.pair.source), {
      beamSize: options.beamSize ?? 4,
      ...(withGlossary ? { glossary: { id: `glossary-terms-${entries.length}`, entries } } : {}),
    })).map((t) => t.text);
    const seconds = (performance.now() - started) / 1000;
    const used = outputs.filter((output, i) => wordTypes(output).has(chosen[i]!.translation)).length;
    const appended = outputs.filter((output, i) => new RegExp(`[.!?…]\\s+${escapeRegExp(chosen[i]!.translation)}$`, "iu").test(output)).length;
    const scores = scoreTranslations(outputs, [chosen.map((c) => c.pair.target)], { tokenize: options.tokenize ?? "13a" });
    return { termUseRate: used / chosen.length, appendedRate: appended / chosen.length, bleu: scores.bleu.score, chrF: scores.chrf.score, seconds };
  };
  const withoutGlossary = await run(false);
  const withGlossary = await run(true);
  return { sentences: chosen.length, glossaryEntries: entries.length, lexiconEntries: lexicon.size, withoutGlossary, withGlossary };
}

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&");
}
