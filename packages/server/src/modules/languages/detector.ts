import { primaryLanguage } from "./language-codes.js";

/** Languages always detectable, besides those of the caller's models: the platform's shipped pairs. */
export const DEFAULT_DETECTABLE_LANGUAGES = ["de", "en", "es", "fr", "zh"] as const;

export interface Detection {
  /** ISO 639-1 code, or null when the text gives the detector nothing to go on (digits, punctuation, empty). */
  language: string | null;
  /** The language's share of the scores over the allowed languages, 0-1. */
  confidence: number;
}

type Eld = (typeof import("eld/medium"))["eld"];
let loaded: Promise<Eld> | undefined;

/**
 * ELD (Efficient Language Detector, `eld` on npm) with its medium n-gram database, loaded on first use (~0.6 s,
 * ~150 MB). Chosen over franc/franc-min, tinyld and cld3-asm: the most accurate on Tatoeba's dev sets
 * (bench/detection/compare.mjs) and pure JavaScript.
 */
function detector(): Promise<Eld> {
  loaded ??= import("eld/medium").then((module) => module.eld);
  return loaded;
}

/**
 * The most likely language of each text among `allowed` (ISO 639-1 codes). ELD scores every language it knows; the
 * scores of the others are dropped, so a text is never put in a language nobody can translate from.
 */
export async function detectLanguages(texts: readonly string[], allowed: ReadonlySet<string>): Promise<Detection[]> {
  const eld = await detector();
  return texts.map((text) => {
    const scores = Object.entries(eld.detect(text).getScores())
      .map(([language, score]) => [primaryLanguage(language), score] as const)
      .filter(([language, score]) => allowed.has(language) && score > 0)
      .sort((a, b) => b[1] - a[1]);
    const best = scores[0];
    if (!best) return { language: null, confidence: 0 };
    const total = scores.reduce((sum, [, score]) => sum + score, 0);
    return { language: best[0], confidence: Math.round((best[1] / total) * 1000) / 1000 };
  });
}
