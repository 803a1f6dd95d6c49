import type { MarkupPlan } from "../markup/markup-plan.js";
import { planMarkup } from "../markup/markup-plan.js";

/**
 * Markdown, line by line (not a full CommonMark parser): fenced and indented code blocks, thematic breaks, table
 * delimiter rows and link reference definitions are kept as they are; a line's leading markers (indentation,
 * `>` quotes, `#` headings, list bullets and numbers, task boxes) are kept and the rest translated, except inline
 * code spans, link and image targets, autolinks and inline HTML tags, bare URLs, emphasis markers and table pipes,
 * which split the line into text runs translated on their own (as inline tags do in HTML). Lines that start an HTML
 * block (`<tag`) are translated as HTML. The runs are this plan's segments; whitespace around them is kept.
 */
export function planMarkdown(text: string): MarkupPlan {
  const lines = text.split(/(\r?\n)/);
  const parts: Part[] = [];
  let fence: string | null = null;
  let previousBlank = true;
  let previousCode = false;
  for (const [index, line] of lines.entries()) {
    if (index % 2 === 1) {
      parts.push(line); // the line break itself
      continue;
    }
    const fenceMark = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    const blank = line.trim() === "";
    const indentedCode: boolean = !fence && /^( {4}|\t)/.test(line) && !LIST_ITEM.test(line.trimStart()) && (previousBlank || previousCode) && !blank;
    if (fence) {
      parts.push(line);
      if (fenceMark && fenceMark[0] === fence[0] && fenceMark.length >= fence.length && line.trim() === fenceMark) fence = null;
    } else if (fenceMark) {
      fence = fenceMark;
      parts.push(line);
    } else if (indentedCode || blank || UNTRANSLATED_LINE.test(line)) {
      parts.push(line);
    } else if (/^ {0,3}<[A-Za-z!/]/.test(line)) {
      parts.push(planMarkup(line, "HTML"));
    } else {
      parts.push(...planLine(line));
    }
    previousCode = indentedCode || (previousCode && blank);
    previousBlank = blank;
  }
  const segments = parts.flatMap((part) => (typeof part === "string" ? [] : part.segments));
  return {
    segments,
    rebuild(translations) {
      let next = 0;
      return parts
        .map((part) => (typeof part === "string" ? part : part.rebuild(translations.slice(next, (next += part.segments.length)))))
        .join("");
    },
  };
}

/** Kept text, or a plan of text to translate. */
type Part = string | MarkupPlan;

const LIST_ITEM = /^([-*+]|\d{1,9}[.)])\s/;
/** Thematic breaks, setext underlines, table delimiter rows, link reference definitions. */
const UNTRANSLATED_LINE = /^(\s*([-*_=]\s*){3,}|\s*\|?(\s*:?-+:?\s*\|)+\s*:?-*:?\s*\|?\s*|\s{0,3}\[[^\]]+\]:\s*\S.*)$/;
const LEADING_MARKERS = /^\s*((>\s?)+\s*)?(#{1,6}\s+|([-*+]|\d{1,9}[.)])\s+(\[[ xX]\]\s+)?)?/;
/** Inline syntax kept as written: code spans, images, link targets, autolinks and tags, URLs, emphasis, pipes. */
const INLINE_KEPT =
  /(`+)[^`]*?\1|!\[[^\]]*\]\([^)]*\)|\]\([^)]*\)|\]\[[^\]]*\]|\[|\]|<[A-Za-z/!][^>]*>|https?:\/\/[^\s)>\]]+|\*{1,3}|(?<![\p{L}\p{N}])_{1,3}|_{1,3}(?![\p{L}\p{N}])|~~|\|/gu;
const HAS_LETTER = /\p{L}/u;

function planLine(line: string): Part[] {
  const markers = LEADING_MARKERS.exec(line)?.[0] ?? "";
  const parts: Part[] = [markers];
  const rest = line.slice(markers.length);
  let last = 0;
  for (const match of rest.matchAll(INLINE_KEPT)) {
    parts.push(textRun(rest.slice(last, match.index)), match[0]);
    last = match.index + match[0].length;
  }
  parts.push(textRun(rest.slice(last)));
  return parts;
}

/** A run with a letter in it becomes one segment (whitespace around it kept); anything else is kept. */
function textRun(run: string): Part {
  const core = run.trim();
  if (!HAS_LETTER.test(core)) return run;
  const start = run.indexOf(core);
  const leading = run.slice(0, start);
  const trailing = run.slice(start + core.length);
  return { segments: [core], rebuild: (translations) => leading + (translations[0] ?? core) + trailing };
}
