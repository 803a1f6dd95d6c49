/**
 * Joins translations of consecutive pieces of one sentence (a sentence too long for the model is translated in
 * chunks). Western text gets one space between pieces; Chinese and Japanese are written without spaces, so no space
 * goes between pieces that meet at a CJK character or CJK punctuation. Pieces are trimmed: the whitespace around a
 * sentence comes from the source layout, not from the model.
 */

const NO_SPACE_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303f\uff00-\uffef]/u;

export function joinTranslatedChunks(chunks: readonly string[]): string {
  let text = "";
  for (const untrimmed of chunks) {
    const chunk = untrimmed.trim();
    if (chunk === "") continue;
    if (text !== "" && needsSpace(text, chunk)) text += " ";
    text += chunk;
  }
  return text;
}

function needsSpace(before: string, after: string): boolean {
  const last = lastCodePoint(before);
  const first = String.fromCodePoint(after.codePointAt(0)!);
  return !NO_SPACE_SCRIPT.test(last) && !NO_SPACE_SCRIPT.test(first);
}

function lastCodePoint(text: string): string {
  const code = text.codePointAt(text.length - 1)!;
  // A trailing low surrogate belongs to the pair that starts one unit earlier.
  return code >= 0xdc00 && code <= 0xdfff ? String.fromCodePoint(text.codePointAt(text.length - 2)!) : String.fromCodePoint(code);
}
