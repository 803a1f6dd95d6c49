import type { Tokenizer } from "./tokenizer.js";
import { MAX_PLACEHOLDERS, placeholder, placeholderIndex } from "./placeholders.js";
import { SCRIPTS, type ScriptName } from "./protected-spans.js";

/** True when every placeholder is a single token of `tokenizer`, i.e. the model was trained to copy them. */
export function supportsPlaceholders(tokenizer: Pick<Tokenizer, "encode">): boolean {
  for (let i = 0; i < MAX_PLACEHOLDERS; i++) {
    if (tokenizer.encode(placeholder(i)).length !== 1) return false;
  }
  return true;
}

/**
 * Every token that writes a placeholder, mapped to the placeholder's index: a placeholder may be a token of its own
 * or part of one with a word boundary (a sentence's first word and the others encode differently).
 */
export function placeholderTokens(tokenizer: Pick<Tokenizer, "decode" | "vocabSize">): Map<number, number> {
  const tokens = new Map<number, number>();
  for (let id = 0; id < tokenizer.vocabSize; id++) {
    const indices = [...tokenizer.decode([id])].flatMap((char) => placeholderIndex(char) ?? []);
    if (indices.length === 1) tokens.set(id, indices[0]!);
  }
  return tokens;
}

/** A common letter of each script; a script counts as known when its letter is one token (not UTF-8 bytes). */
const SCRIPT_SAMPLES: Record<ScriptName, string> = {
  Latin: "é", Han: "的", Hiragana: "の", Katakana: "ア", Hangul: "한", Cyrillic: "и", Greek: "α", Arabic: "ا",
  Hebrew: "ש", Devanagari: "क", Thai: "ก", Armenian: "ա", Georgian: "ა", Bengali: "ক", Tamil: "க", Ethiopic: "ሰ",
};

/** The scripts whose letters `tokenizer` learned; words in other scripts are protected (copied) when translating. */
export function knownScripts(tokenizer: Pick<Tokenizer, "encode">): Set<ScriptName> {
  return new Set(SCRIPTS.filter((script) => script === "Latin" || tokenizer.encode(SCRIPT_SAMPLES[script]).length === 1));
}
