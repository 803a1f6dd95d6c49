/**
 * Splits text into the chunks ("words") BPE merges inside of. Concatenating the chunks gives the input back,
 * so no information is lost. A single leading space is attached to the following word, like GPT-2.
 */

import { PLACEHOLDER_CLASS } from "./placeholders.js";

const CJK = String.raw`\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}`;

const CHUNK_PATTERN = new RegExp(
  [
    // Placeholders (text/placeholders.ts) are chunks of their own, so each is one token the model can copy.
    String.raw` ?[${PLACEHOLDER_CLASS}]`,
    // Chinese/Japanese have no spaces: one character per chunk keeps chunks short and the word cache useful.
    String.raw` ?[${CJK}]\p{M}*`,
    String.raw` ?(?:(?![${CJK}])[\p{L}\p{M}])+`,
    String.raw` ?\p{N}+`,
    String.raw` ?[^\s\p{L}\p{M}\p{N}${PLACEHOLDER_CLASS}]+`,
    // Whitespace runs, leaving the last space to the next word.
    String.raw`\s+(?!\S)`,
    String.raw`\s+`,
  ].join("|"),
  "gu",
);

/** Longer chunks are cut so that pathological input (a 10k-letter "word") stays cheap to encode. */
export const MAX_CHUNK_CODE_POINTS = 64;

export function preTokenize(text: string): string[] {
  const chunks: string[] = [];
  let covered = 0;
  for (const match of text.matchAll(CHUNK_PATTERN)) {
    const chunk = match[0];
    covered += chunk.length;
    if (chunk.length <= MAX_CHUNK_CODE_POINTS) chunks.push(chunk);
    else chunks.push(...cutLongChunk(chunk));
  }
  if (covered !== text.length) throw new Error("pre-tokenizer lost characters: pattern does not cover the input");
  return chunks;
}

function cutLongChunk(chunk: string): string[] {
  const codePoints = Array.from(chunk);
  if (codePoints.length <= MAX_CHUNK_CODE_POINTS) return [chunk];
  const parts: string[] = [];
  for (let start = 0; start < codePoints.length; start += MAX_CHUNK_CODE_POINTS) {
    parts.push(codePoints.slice(start, start + MAX_CHUNK_CODE_POINTS).join(""));
  }
  return parts;
}
