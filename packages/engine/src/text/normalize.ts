/** Text normalization shared by tokenizers, corpus readers and metrics. */

/** Canonical composition: the form every tokenizer round-trips to. */
export function normalizeText(text: string): string {
  return text.normalize("NFC");
}

export function stripByteOrderMark(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * One corpus field: NFC, outer whitespace removed, tabs/line breaks and runs of whitespace replaced by one space.
 * A single non-breaking space (French "Entrez\u202f!") is kept: it is meaningful typography.
 */
export function cleanSentence(text: string): string {
  return normalizeText(text).trim().replace(/[\t\n\v\f\r\u0085\u2028\u2029]+|\s{2,}/gu, " ");
}

/** Characters (code points), not UTF-16 units. */
export function codePointLength(text: string): number {
  let length = 0;
  for (const _ of text) length++;
  return length;
}
