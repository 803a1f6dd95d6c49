/**
 * Placeholder masking: protected spans (see protected-spans.ts) are replaced by placeholder characters before
 * translation and put back afterwards, the standard way to carry untranslatable spans through a seq2seq model
 * (e.g. Marian's and OpenNMT's "placeholder"/"protected sequence" handling). Placeholder i is the private-use
 * character U+E000 + i; the pre-tokenizer keeps each one a chunk of its own, and training data augmented with
 * them (data/placeholder-augmentation.ts) teaches a model to copy each to the matching place of its output.
 */
import { WORD_CHAR, type GlossaryMatcher } from "./glossary.js";
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
  /** spans[i] is what placeholder i becomes: the original text of a protected span, the target of a glossary term. */
  spans: string[];
  /** Which placeholders are glossary terms; present only when some are. */
  terms?: TermPlaceholders;
}

export interface TermPlaceholders {
  /** Placeholders that stand for glossary terms (words: kept apart from the letters around them). */
  all: ReadonlySet<number>;
  /** Terms that opened the sentence with a capital: capitalized again if they open the translation. */
  capitalized: ReadonlySet<number>;
}

export interface MaskOptions extends ProtectedSpanOptions {
  /** Glossary terms to mask; they win over protected spans they overlap. */
  glossary?: GlossaryMatcher;
}

/** Replaces the protected spans (and glossary terms) of `text` by placeholders 0, 1, 2, … in order of appearance. */
export function maskProtectedSpans(text: string, options: MaskOptions = {}): MaskedText {
  const termMatches = options.glossary?.find(text) ?? [];
  const protectedSpans = findProtectedSpans(text, options)
    .filter((span) => !termMatches.some((term) => span.start < term.end && term.start < span.end))
    .map((span) => ({ start: span.start, end: span.end, target: undefined as string | undefined }));
  const all = [...termMatches, ...protectedSpans].sort((a, b) => a.start - b.start);
  const spans: string[] = [];
  const termIndices = new Set<number>();
  const capitalized = new Set<number>();
  const opening = text.length - text.trimStart().length;
  let masked = "";
  let cursor = 0;
  for (const span of all) {
    if (spans.length === MAX_PLACEHOLDERS) break;
    masked += text.slice(cursor, span.start) + placeholder(spans.length);
    if (span.target !== undefined) termIndices.add(spans.length);
    if (span.target !== undefined && span.start === opening && /^\p{Lu}/u.test(text.slice(span.start))) capitalized.add(spans.length);
    spans.push(span.target ?? text.slice(span.start, span.end));
    cursor = span.end;
  }
  return { text: masked + text.slice(cursor), spans, ...(termIndices.size === 0 ? {} : { terms: { all: termIndices, capitalized } }) };
}

/**
 * Puts the spans back into a translation of masked text. Each placeholder is restored once (a repeated one is
 * dropped, as is one that names no span); a span the model left out is appended at the end, so no protected
 * content is ever lost.
 */
export function restoreProtectedSpans(translation: string, spans: readonly string[], terms?: TermPlaceholders): string {
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
  const trimmed = separateTerms(kept, terms).replace(/ {2,}/g, " ").trim();
  const restored = trimmed.replace(ALL_PLACEHOLDERS, (char, offset: number) => {
    const index = placeholderIndex(char)!;
    return offset === 0 && terms?.capitalized.has(index) === true ? sentenceCase(spans[index]!) : spans[index]!;
  });
  const missing = spans.filter((_, index) => !used.has(index));
  return [restored, ...missing].filter((part) => part !== "").join(" ");
}

/** A term placeholder the model glued to a word ("⟨P⟩La") gets a space; CJK and elisions ("J'⟨P⟩") stay glued. */
function separateTerms(text: string, terms: TermPlaceholders | undefined): string {
  if (terms === undefined) return text;
  const isTerm = (char: string) => terms.all.has(placeholderIndex(char) ?? -1);
  return text
    .replace(TERM_BEFORE_LETTER, (match: string, term: string) => (isTerm(term) ? `${term} ` : match))
    .replace(LETTER_BEFORE_TERM, (match: string, letter: string, term: string) => (isTerm(term) ? `${letter} ` : match));
}

const TERM_BEFORE_LETTER = new RegExp(`([${PLACEHOLDER_CLASS}])(?=${WORD_CHAR})`, "gv");
const LETTER_BEFORE_TERM = new RegExp(`(${WORD_CHAR})(?=([${PLACEHOLDER_CLASS}]))`, "gv");

/** A glossary term that opens a sentence starts with a capital, as the sentence would. */
function sentenceCase(term: string): string {
  const first = term.codePointAt(0);
  if (first === undefined) return term;
  const head = String.fromCodePoint(first);
  return head.toLocaleUpperCase() + term.slice(head.length);
}

const ANY_PLACEHOLDER = new RegExp(`[${PLACEHOLDER_CLASS}]`, "u");
const ALL_PLACEHOLDERS = new RegExp(`[${PLACEHOLDER_CLASS}]`, "gu");

export function hasPlaceholder(text: string): boolean {
  return ANY_PLACEHOLDER.test(text);
}
