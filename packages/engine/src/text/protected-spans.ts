/**
 * Finds the spans of a sentence that a translation must return unchanged: markup tags, URLs, e-mail addresses,
 * format placeholders, emoji, numbers, words in a script other than the sentence's own, and run-on "words" too long
 * to be language. The translator masks them as placeholder tokens (see placeholders.ts) that the models learn to copy.
 */

export interface ProtectedSpan {
  /** UTF-16 offsets into the text: text.slice(start, end) is the span. */
  start: number;
  end: number;
  kind: ProtectedSpanKind;
}

export type ProtectedSpanKind = "tag" | "url" | "email" | "placeholder" | "emoji" | "number" | "script" | "long-word" | "private-use";

/** A whitespace-free run this long is not a word of any language we translate (German compounds stay below it). */
export const LONG_WORD_CODE_POINTS = 40;

const EMOJI_UNIT = String.raw`(?:\p{Extended_Pictographic}|\p{Emoji_Presentation})(?:\p{Emoji_Modifier}|\uFE0F|[\u{E0020}-\u{E007F}])*`;

/** Alternatives in priority order: earlier kinds win where matches overlap. */
const PATTERNS: readonly [ProtectedSpanKind, string][] = [
  ["private-use", String.raw`[\uE000-\uF8FF]+`],
  ["tag", String.raw`<!--[\s\S]*?-->|<\/?[A-Za-z][\w:.-]*(?:\s+[^<>]*?)?\s*\/?>`],
  ["url", String.raw`(?:\b(?:https?|ftp):\/\/|\bwww\.)[^\s<>"'\u3000-\u303f]*[^\s<>"'.,;:!?)\]}\u3000-\u303f]`],
  ["email", String.raw`\b[\w.%+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b`],
  ["placeholder", [
    String.raw`\{\{\s*[\w.-]+\s*\}\}`, // {{count}}
    String.raw`\$?\{[\w.-]*\}`, // {name}, {0}, {}, ${name}
    String.raw`%(?:\d+\$)?[-+ 0#']*(?:\d+|\*)?(?:\.\d+)?(?:hh|h|ll|l|L|z|j|t)?[sdifuxXoeEgGcpaA@]`, // %s, %1$d, %.2f
    String.raw`(?<![\w:/]):[A-Za-z_]\w*`, // :name
  ].join("|")],
  // A run of emoji with nothing between them is one span: "😀" x 50 takes one placeholder, not the 24 there are.
  ["emoji", String.raw`(?:\p{Regional_Indicator}{2}|[#*0-9]\uFE0F?\u20E3|${EMOJI_UNIT}(?:\u200D${EMOJI_UNIT})*)+`],
  // Digit groups joined by . , : / - or a narrow space are one number: 12,500 · 10:30 · 555-0199 · 2026-11-30 · 3/4.
  ["number", String.raw`\p{Nd}+(?:[.,:/\-\u00A0\u202F]\p{Nd}+)*`],
  ["long-word", String.raw`[^\s]{${LONG_WORD_CODE_POINTS},}`],
];

const SPAN_PATTERN = new RegExp(PATTERNS.map(([, source]) => `(${source})`).join("|"), "gu");

/** Scripts a sentence is written in, for the "another script" rule (Common/Inherited letters do not vote). */
export const SCRIPTS = ["Latin", "Han", "Hiragana", "Katakana", "Hangul", "Cyrillic", "Greek", "Arabic", "Hebrew", "Devanagari", "Thai", "Armenian", "Georgian", "Bengali", "Tamil", "Ethiopic"] as const;
export type ScriptName = (typeof SCRIPTS)[number];

export interface ProtectedSpanOptions {
  /**
   * Scripts the model reads (see placeholder-support.ts): letters of any other script are protected. Without it,
   * letters outside the sentence's majority script are.
   */
  knownScripts?: ReadonlySet<string>;
}
const SCRIPT_TESTS = SCRIPTS.map((name) => [name, new RegExp(String.raw`\p{Script=${name}}`, "u")] as const);
/** Chinese and Japanese share ideographs: one family for the majority vote. */
const FAMILY: Partial<Record<ScriptName, string>> = { Han: "CJK", Hiragana: "CJK", Katakana: "CJK" };

function scriptOf(char: string): ScriptName | undefined {
  for (const [name, test] of SCRIPT_TESTS) if (test.test(char)) return name;
  return undefined;
}

/**
 * Protected spans of `text`, sorted and non-overlapping. Runs of letters in a script other than the sentence's
 * majority script (e.g. an Arabic name in an English sentence) are protected with the words between them.
 */
export function findProtectedSpans(text: string, options: ProtectedSpanOptions = {}): ProtectedSpan[] {
  const spans: ProtectedSpan[] = [];
  for (const match of text.matchAll(SPAN_PATTERN)) {
    const group = match.slice(1).findIndex((value) => value !== undefined);
    spans.push({ start: match.index, end: match.index + match[0].length, kind: PATTERNS[group]![0] });
  }
  return mergeSorted(spans, foreignScriptRuns(text, spans, options.knownScripts));
}

function foreignScriptRuns(text: string, taken: readonly ProtectedSpan[], knownScripts: ReadonlySet<string> | undefined): ProtectedSpan[] {
  const counts = new Map<string, number>();
  const letters: { index: number; length: number; script: ScriptName; family: string }[] = [];
  for (const match of text.matchAll(/\p{L}/gu)) {
    const script = scriptOf(match[0]);
    if (script === undefined || taken.some((s) => match.index >= s.start && match.index < s.end)) continue;
    const family = FAMILY[script] ?? script;
    letters.push({ index: match.index, length: match[0].length, script, family });
    counts.set(family, (counts.get(family) ?? 0) + 1);
  }
  const majority = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
  const isForeign = knownScripts === undefined
    ? (letter: { family: string }) => counts.size > 1 && letter.family !== majority
    : (letter: { script: ScriptName }) => !knownScripts.has(letter.script);
  const runs: ProtectedSpan[] = [];
  for (const letter of letters) {
    if (!isForeign(letter)) continue;
    const last = runs[runs.length - 1];
    // Join letters of one foreign run across spaces and marks ("محمد علي" is one name).
    if (last !== undefined && /^[\s\p{M}\p{Pd}'’]*$/u.test(text.slice(last.end, letter.index)) && text.slice(last.end, letter.index).length <= 2) {
      last.end = letter.index + letter.length;
    } else {
      runs.push({ start: letter.index, end: letter.index + letter.length, kind: "script" });
    }
  }
  for (const run of runs) {
    while (run.end < text.length && /\p{M}/u.test(text[run.end]!)) run.end++;
  }
  return runs;
}

function mergeSorted(a: ProtectedSpan[], b: ProtectedSpan[]): ProtectedSpan[] {
  return [...a, ...b].sort((x, y) => x.start - y.start);
}
