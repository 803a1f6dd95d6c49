/**
 * Splits a document into sentences while keeping the exact whitespace between them, so translated sentences can
 * be put back into the original layout: joinSentences(split.sentences, split.separators) === text.
 */

export interface SentenceSplit {
  /** Sentences without surrounding whitespace; never empty. */
  sentences: string[];
  /** Whitespace around the sentences: separators.length === sentences.length + 1 (leading, between..., trailing). */
  separators: string[];
}

/** Words ending in "." that usually do not end a sentence (lowercase, without the final period). */
const ABBREVIATIONS = new Set([
  "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "vs", "etc", "cf", "approx", "no", "nr", "fig", "inc",
  "ltd", "co", "corp", "dept", "gen", "gov", "col", "lt", "sgt", "capt", "rev", "hon", "ave", "blvd", "rd",
  "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
  "m", "mme", "mlle", "mm", "env", "av", "hr", "fr", "frl", "bzw", "usw", "ca", "vgl", "dipl", "ing", "str",
]);

const WESTERN_TERMINAL = String.raw`[.!?…‽؟।]+`;
const CJK_TERMINAL = String.raw`[。！？｡]+`;
const CLOSERS = String.raw`["'”’»)\]}」』）〕】]*`;
const TERMINAL_PATTERN = new RegExp(`(?:${WESTERN_TERMINAL}|(${CJK_TERMINAL}))${CLOSERS}`, "gu");
const LINE_BREAK = /[\n\r\u0085\u2028\u2029]/u;
const WHITESPACE_RUN = /\s+/gu;

export function splitSentences(text: string): SentenceSplit {
  const leading = /^\s*/u.exec(text)![0];
  if (leading.length === text.length) return { sentences: [], separators: [text] };
  const trailing = /\s*$/u.exec(text)![0];
  const contentEnd = text.length - trailing.length;

  const sentences: string[] = [];
  const separators = [leading];
  let cursor = leading.length;
  for (const [end, next] of findBoundaries(text)) {
    if (end <= cursor || next >= contentEnd) continue;
    sentences.push(text.slice(cursor, end));
    separators.push(text.slice(end, next));
    cursor = next;
  }
  sentences.push(text.slice(cursor, contentEnd));
  separators.push(trailing);
  return { sentences, separators };
}

export function joinSentences(sentences: readonly string[], separators: readonly string[]): string {
  if (separators.length !== sentences.length + 1) {
    throw new RangeError(`expected ${sentences.length + 1} separators, got ${separators.length}`);
  }
  let text = separators[0]!;
  sentences.forEach((sentence, index) => (text += sentence + separators[index + 1]!));
  return text;
}

/** Sorted [sentenceEnd, nextSentenceStart] pairs; the text between them is whitespace (possibly empty). */
function findBoundaries(text: string): [number, number][] {
  const boundaries = new Map<number, number>();
  for (const run of text.matchAll(WHITESPACE_RUN)) {
    if (LINE_BREAK.test(run[0])) boundaries.set(run.index, run.index + run[0].length);
  }
  for (const match of text.matchAll(TERMINAL_PATTERN)) {
    const end = match.index + match[0].length;
    const next = end + whitespaceLengthAt(text, end);
    const isCjk = match[1] !== undefined;
    if (isCjk || (next > end && endsWesternSentence(text, match.index, match[0], next))) boundaries.set(end, next);
  }
  return [...boundaries].sort(([a], [b]) => a - b);
}

function endsWesternSentence(text: string, terminalStart: number, terminal: string, next: number): boolean {
  const following = String.fromCodePoint(text.codePointAt(next) ?? 0x20);
  if (/\p{Ll}/u.test(following)) return false;
  if (!terminal.startsWith(".") || terminal.startsWith("..")) return true;
  return !isAbbreviation(wordBefore(text, terminalStart));
}

interface PrecedingWord {
  word: string;
  startsLine: boolean;
}

function isAbbreviation({ word, startsLine }: PrecedingWord): boolean {
  if (ABBREVIATIONS.has(word.toLowerCase())) return true;
  if (/^(?:\p{L}\.)+\p{L}$/u.test(word)) return true; // e.g, i.e, U.S, z.B
  if (/^\p{Lu}$/u.test(word) && word !== "I") return true; // initials: "J. K. Rowling"
  return startsLine && /^\d{1,3}$/u.test(word); // numbered list item "1. First step"
}

function wordBefore(text: string, position: number): PrecedingWord {
  let start = position;
  while (start > 0 && !/\s/u.test(text[start - 1]!)) start--;
  const startsLine = start === 0 || LINE_BREAK.test(text[start - 1]!);
  return { word: text.slice(start, position).replace(/^["'“‘«(\[{¿¡]+/u, ""), startsLine };
}

function whitespaceLengthAt(text: string, position: number): number {
  let end = position;
  while (end < text.length && /\s/u.test(text[end]!)) end++;
  return end - position;
}
