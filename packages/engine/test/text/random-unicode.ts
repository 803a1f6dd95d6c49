/** Seeded generator of nasty Unicode strings for round-trip tests. */
import { randomInt, seededRandom } from "../../src/data/seeded-random.js";

const RANGES: readonly (readonly [number, number])[] = [
  [0x20, 0x7e], // ASCII printable
  [0x00, 0x1f], // C0 controls, including NUL, tab, newline, CR
  [0xa0, 0xff], // Latin-1 letters and the no-break space
  [0x0300, 0x036f], // combining diacritics (exercise NFC)
  [0x0400, 0x04ff], // Cyrillic
  [0x0600, 0x06ff], // Arabic
  [0x0900, 0x097f], // Devanagari
  [0x1100, 0x11ff], // Hangul Jamo (compose under NFC)
  [0x2000, 0x206f], // general punctuation, odd spaces, ZWJ
  [0x3000, 0x30ff], // CJK punctuation, Hiragana, Katakana
  [0x4e00, 0x9fff], // CJK ideographs
  [0xac00, 0xd7a3], // Hangul syllables
  [0xe000, 0xf8ff], // private use
  [0xfe00, 0xfe0f], // variation selectors
  [0xfff0, 0xfffd], // specials, replacement character
  [0x1f300, 0x1faff], // emoji
  [0x1f3fb, 0x1f3ff], // skin-tone modifiers
  [0x1d400, 0x1d7ff], // mathematical alphanumerics
  [0x20000, 0x2a6df], // CJK extension B (astral)
  [0xe0000, 0xe007f], // tags
];

const WHITESPACE = [" ", "  ", "\t", "\n", "\r\n", "\u00a0", "\u3000", "\u2028", "\ufeff", "   \t "];

export function randomUnicodeStrings(count: number, seed: number): string[] {
  const random = seededRandom(seed);
  const strings: string[] = [];
  for (let i = 0; i < count; i++) {
    let text = "";
    const length = randomInt(random, 40);
    for (let j = 0; j < length; j++) {
      if (random() < 0.15) {
        text += WHITESPACE[randomInt(random, WHITESPACE.length)]!;
        continue;
      }
      const [start, end] = RANGES[randomInt(random, RANGES.length)]!;
      text += String.fromCodePoint(start + randomInt(random, end - start + 1));
    }
    strings.push(text);
  }
  return strings;
}
