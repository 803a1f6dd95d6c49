/**
 * Placeholder masking: protected spans (see protected-spans.ts) are replaced by placeholder characters before
 * translation and put back afterwards, the standard way to carry untranslatable spans through a seq2seq model
 * (e.g. Marian's and OpenNMT's "placeholder"/"protected sequence" handling). Placeholder i is the private-use
 * character U+E000 + i; the pre-tokenizer keeps each one a chunk of its own, and training data augmented with
 * them (data/placeholder-augmentation.ts) teaches a model to copy each to the matching place of its output.
 */
import { findProtectedSpans, type ProtectedSpanOptions } from "./protected-spans.js";

export const PLACEHOLDER_BASE = 0xe000;
/** Placeholders per sentence; further spans stay in the text as they are. */
export const MAX_PLACEHOLDERS = 24;
/** The character class of all placeholders, for patterns. */
export const PLACEHOLDER_CLASS = String.raw`\uE000-\uE017`;

export function placeholder(index: number): string {
  if (!Number.isInteger(index) || index < 0 || index >= MAX_PLACEHOLDERS) throw new RangeError(`placeholder index ${index} out of range`);
  return String.fromCharCode(PLACEHOLDER_BASE + index);
}

export function placeholderIndex(char: string): number | undefined {
  const index = char.charCodeAt(0) - PLACEHOLDER_BASE;
  return char.length === 1 && index >= 0 && index < MAX_PLACEHOLDERS ? index : undefined;
}

export interface MaskedText {
  /** The text with each protected span replaced by its placeholder. */
  text: string;
  /** spans[i] is the original text of placeholder i. */
  spans: string[];
}

/** Replaces the protected spans of `text` by placeholders 0, 1, 2, … in order of appearance. */
export function maskProtectedSpans(text: string, options: ProtectedSpanOptions = {}): MaskedText {
  const spans: string[] = [];
  let masked = "";
  let cursor = 0;
  for (const span of findProtectedSpans(text, options)) {
    if (spans.length === MAX_PLACEHOLDERS) break;
    masked += text.slice(cursor, span.start) + placeholder(spans.length);
    spans.push(text.slice(span.start, span.end));
    cursor = span.end;
  }
  return { text: masked + text.slice(cursor), spans };
}

/**
 * Puts the spans back into a translation of masked text. Each placeholder is restored once (a repeated one is
 * dropped, as is one that names no span); a span the model left out is appended at the end, so no protected
 * content is ever lost.
 */
export function restoreProtectedSpans(translation: string, spans: readonly string[]): string {
  if (spans.length === 0 && !hasPlaceholder(translation)) return translation;
  const used = new Set<number>();
  let kept = "";
  for (const char of translation) {
    const index = placeholderIndex(char);
    if (index === undefined) kept += char;
    else if (index < spans.length && !used.has(index)) {
      used.add(index);
      kept += char;
    }
  }
  // Dropped placeholders may leave doubled spaces; collapse them before the spans (which keep theirs) go back in.
  const restored = kept.replace(/ {2,}/g, " ").trim().replace(ALL_PLACEHOLDERS, (char) => spans[placeholderIndex(char)!]!);
  const missing = spans.filter((_, index) => !used.has(index));
  return [restored, ...missing].filter((part) => part !== "").join(" ");
}

const ANY_PLACEHOLDER = new RegExp(`[${PLACEHOLDER_CLASS}]`, "u");
const ALL_PLACEHOLDERS = new RegExp(`[${PLACEHOLDER_CLASS}]`, "gu");

export function hasPlaceholder(text: string): boolean {
  return ANY_PLACEHOLDER.test(text);
}
