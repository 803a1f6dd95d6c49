/**
 * BLEU tokenizers matching sacreBLEU 2.x: "13a" (mteval-v13a, the WMT default), "zh" (Chinese characters split,
 * the rest as 13a) and "none". Python string semantics matter here, so whitespace follows str.split/str.strip.
 */

export type BleuTokenizerName = "13a" | "zh" | "none";

/** Python's str.isspace() set (JS \s differs: it includes U+FEFF and lacks U+001C..U+001F and U+0085). */
const PY_WHITESPACE = String.raw`\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000`;
const PY_WHITESPACE_RUN = new RegExp(`[${PY_WHITESPACE}]+`, "u");
const PY_LEADING = new RegExp(`^[${PY_WHITESPACE}]+`, "u");
const PY_TRAILING = new RegExp(`[${PY_WHITESPACE}]+$`, "u");

/** Python str.split() with no arguments. */
export function pythonSplit(text: string): string[] {
  return text.split(PY_WHITESPACE_RUN).filter((part) => part.length > 0);
}

export function pythonRstrip(text: string): string {
  return text.replace(PY_TRAILING, "");
}

export function pythonStrip(text: string): string {
  return text.replace(PY_LEADING, "").replace(PY_TRAILING, "");
}

const MTEVAL_RULES: [RegExp, string][] = [
  // Symbols { | } ~ [ \ ] ^ _ ` space ! " # $ % & ( ) * + : ; < = > ? @ / become tokens.
  [/([{-~[-` -&(-+:-@/])/g, " $1 "],
  // Period and comma are split unless preceded by a digit...
  [/([^0-9])([.,])/g, "$1 $2 "],
  // ...or unless followed by a digit.
  [/([.,])([^0-9])/g, " $1 $2"],
  // A dash after a digit is split.
  [/([0-9])(-)/g, "$1 $2 "],
];

function mtevalPostTokenize(line: string): string {
  let text = line;
  for (const [pattern, replacement] of MTEVAL_RULES) text = text.replace(pattern, replacement);
  return pythonSplit(text).join(" ");
}

export function tokenize13a(line: string): string {
  const text = line
    .replaceAll("<skipped>", "")
    .replaceAll("-\n", "")
    .replaceAll("\n", " ")
    .replaceAll("&quot;", '"')
    .replaceAll("&amp;", "&")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">");
  return mtevalPostTokenize(` ${text} `);
}

/**
 * The code point ranges sacreBLEU's zh tokenizer treats as Chinese. Two of its ranges are written as
 * '\u20000'..'\u2a6d6' and '\u2f800'..'\u2fa1d', which Python reads as two-character strings; compared with a single
 * character they act as U+2001..U+2A6D and U+2F81..U+2FA1 (general punctuation such as "…" and curly quotes
 * included). We reproduce that effective behaviour, since scores must match sacreBLEU.
 */
const SACREBLEU_CHINESE_RANGES: readonly (readonly [number, number])[] = [
  [0x3400, 0x4db5], [0x4e00, 0x9fa5], [0x9fa6, 0x9fbb], [0xf900, 0xfa2d], [0xfa30, 0xfa6a], [0xfa70, 0xfad9],
  [0x2001, 0x2a6d], [0x2f81, 0x2fa1], [0xff00, 0xffef], [0x2e80, 0x2eff], [0x3000, 0x303f], [0x31c0, 0x31ef],
  [0x2f00, 0x2fdf], [0x2ff0, 0x2fff], [0x3100, 0x312f], [0x31a0, 0x31bf], [0xfe10, 0xfe1f], [0xfe30, 0xfe4f],
  [0x2600, 0x26ff], [0x2700, 0x27bf], [0x3200, 0x32ff], [0x3300, 0x33ff],
];

export function isSacrebleuChineseChar(codePoint: number): boolean {
  return SACREBLEU_CHINESE_RANGES.some(([start, end]) => codePoint >= start && codePoint <= end);
}

export function tokenizeZh(line: string): string {
  let spaced = "";
  for (const char of pythonStrip(line)) {
    spaced += isSacrebleuChineseChar(char.codePointAt(0)!) ? ` ${char} ` : char;
  }
  return mtevalPostTokenize(spaced);
}

export function bleuTokenizer(name: BleuTokenizerName): (line: string) => string {
  switch (name) {
    case "13a":
      return tokenize13a;
    case "zh":
      return tokenizeZh;
    case "none":
      return (line) => line;
  }
}
