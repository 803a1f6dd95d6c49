import { codePoints } from "../../limits/billing-period.js";
import { planMarkup, type MarkupPlan } from "../markup/markup-plan.js";
import { splitSentences } from "../streaming/sentences.js";
import type { DocumentFormat } from "./document-format.js";
import { planMarkdown } from "./markdown-plan.js";

/** What a document sends to the engine (sentences, in order) and how their translations make the result. */
export interface DocumentPlan extends MarkupPlan {
  /** Code points of the segments: what the document is billed. */
  billedCharacters: number;
}

/** Longer sentences are cut at a space before this many code points, so the engine never gets a runaway input. */
export const MAX_SEGMENT_CHARACTERS = 400;

/**
 * Plans a document: its text runs (the whole text for TEXT; text nodes and translatable attributes for HTML, as
 * translate's `format: HTML`; see planMarkdown for MARKDOWN), each cut into sentences with the platform's Unicode
 * segmentation, which also breaks at every line break, so lines, paragraphs and blank lines stay where they were.
 * Deterministic: planning the same upload again (a resumed job) gives the same segments.
 */
export function planDocument(text: string, format: DocumentFormat): DocumentPlan {
  const runs = format === "TEXT" ? planMarkup(text, "TEXT") : format === "HTML" ? planMarkup(text, "HTML") : planMarkdown(text);
  const perRun = runs.segments.map((run) => splitSentences(run).flatMap((sentence) => cutLong(sentence)));
  const segments = perRun.flatMap((pieces) => pieces.flatMap((piece) => (piece.text ? [piece.text] : [])));
  return {
    segments,
    billedCharacters: segments.reduce((sum, segment) => sum + codePoints(segment), 0),
    rebuild(translations) {
      let next = 0;
      const translatedRuns = perRun.map((pieces) =>
        pieces.map((piece) => piece.leading + (piece.text ? (translations[next++] ?? piece.text) : "") + piece.trailing).join(""),
      );
      return runs.rebuild(translatedRuns);
    },
  };
}

interface Piece {
  leading: string;
  text: string;
  trailing: string;
}

function cutLong(sentence: Piece): Piece[] {
  if (codePoints(sentence.text) <= MAX_SEGMENT_CHARACTERS) return [sentence];
  const pieces: Piece[] = [];
  let rest = sentence.text;
  let leading = sentence.leading;
  while (codePoints(rest) > MAX_SEGMENT_CHARACTERS) {
    const head = [...rest].slice(0, MAX_SEGMENT_CHARACTERS).join("");
    const space = head.search(/\s\S*$/);
    const cut = space > 0 ? space : head.length;
    const separator = /^\s*/.exec(rest.slice(cut))![0];
    pieces.push({ leading, text: rest.slice(0, cut), trailing: separator });
    rest = rest.slice(cut + separator.length);
    leading = "";
  }
  pieces.push({ leading, text: rest, trailing: sentence.trailing });
  return pieces;
}
