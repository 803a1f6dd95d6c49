/**
 * Glossaries: source terms that must come out as given target terms. Each occurrence of a source term is masked as
 * a placeholder (like a protected span, see placeholders.ts) whose restored text is the target term: the
 * "term placeholder" method of constrained translation (Crego et al. 2016, "SYSTRAN's Pure Neural Machine
 * Translation Systems", §7; compared with constrained decoding in Dinu et al. 2019, "Training Neural Machine
 * Translation To Apply Terminology Constraints"). It needs no change to decoding and works with any model trained
 * with placeholder augmentation; the model places the term, so inflection around it is the model's guess.
 */

/** One glossary entry: `source` as it appears in the text (matched case-insensitively), `target` as it must come out. */
export interface GlossaryEntry {
  source: string;
  target: string;
}

/** A glossary as decoding takes it: an id (cache key; glossaries are immutable) and its entries. */
export interface Glossary {
  id: string;
  entries: readonly GlossaryEntry[];
}

/** An occurrence of a source term in a text: UTF-16 offsets and the target term that replaces it. */
export interface TermMatch {
  start: number;
  end: number;
  target: string;
}

/** Letters and digits that may not touch a term (Han, kana and Thai are written without spaces, so they may). */
export const WORD_CHAR = String.raw`[[\p{L}\p{N}]--[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]]`;

/** Finds glossary terms in text: longest term first at each position, matches never overlap. */
export class GlossaryMatcher {
  private readonly pattern: RegExp | undefined;
  private readonly targets = new Map<string, string>();

  constructor(entries: readonly GlossaryEntry[]) {
    const terms: string[] = [];
    for (const { source, target } of entries) {
      const key = foldCase(source.trim());
      if (key === "" || this.targets.has(key)) continue;
      this.targets.set(key, target);
      terms.push(source.trim());
    }
    terms.sort((a, b) => b.length - a.length);
    this.pattern = terms.length === 0
      ? undefined
      : new RegExp(`(?<!${WORD_CHAR})(?:${terms.map(escapeTerm).join("|")})(?!${WORD_CHAR})`, "giv");
  }

  /** Occurrences in `text`, in order. */
  find(text: string): TermMatch[] {
    if (this.pattern === undefined) return [];
    const matches: TermMatch[] = [];
    for (const match of text.matchAll(this.pattern)) {
      const target = this.targets.get(foldCase(match[0]));
      if (target !== undefined) matches.push({ start: match.index, end: match.index + match[0].length, target });
    }
    return matches;
  }
}

function foldCase(term: string): string {
  return term.normalize("NFC").toLocaleLowerCase("und").replace(/\s+/gu, " ");
}

/** A term as a pattern: literal characters (escaped for the v flag), any run of whitespace for a space. */
function escapeTerm(term: string): string {
  return term.normalize("NFC").split(/\s+/u).map((word) => word.replace(/[\\^$.*+?()[\]{}|/]/gu, "\\$&")).join(String.raw`\s+`);
}

/** Whether `text` holds `term` as a whole word (its first letter in either case, as at a sentence start). */
export function containsTerm(text: string, term: string): boolean {
  const first = String.fromCodePoint(term.codePointAt(0) ?? 32);
  const rest = escapeTerm(term.slice(first.length));
  const head = `(?:${escapeTerm(first.toLocaleLowerCase())}|${escapeTerm(first.toLocaleUpperCase())})`;
  return new RegExp(`(?<!${WORD_CHAR})${head}${rest}(?!${WORD_CHAR})`, "v").test(text.normalize("NFC"));
}

const matchers = new Map<string, GlossaryMatcher>();
const MAX_CACHED_MATCHERS = 64;

/** The compiled matcher of a glossary, cached by id (glossaries do not change once created). */
export function glossaryMatcher(glossary: Glossary): GlossaryMatcher {
  let matcher = matchers.get(glossary.id);
  if (matcher === undefined) {
    matcher = new GlossaryMatcher(glossary.entries);
    if (matchers.size >= MAX_CACHED_MATCHERS) matchers.delete(matchers.keys().next().value!);
    matchers.set(glossary.id, matcher);
  }
  return matcher;
}
