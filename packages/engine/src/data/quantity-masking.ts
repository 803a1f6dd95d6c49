/**
 * Quantity placeholders for training pairs: a number written on both sides (as a word or in digits, "three" ↔
 * "trois", "3" ↔ "drei") becomes the same placeholder on both sides. At inference a number is masked as a
 * placeholder (text/protected-spans.ts), and the pairs whose numbers are written the same in digits on both sides are
 * rare in Tatoeba (583 of 150,399 eng-fra pairs): without these, a model learns placeholders mostly where names and
 * glossary terms go, and puts a number where a noun would stand ("J'ai des chats 3.").
 */
import type { TextPair } from "../training/train-model.js";
import { MAX_PLACEHOLDERS } from "../text/placeholders.js";
import { drawPlaceholder, replaceAt } from "./placeholder-draw.js";
import type { SeededRandom } from "../util/seeded-random.js";

/**
 * Cardinal words of the shipped languages (English, French, German, Spanish) by value. Left out: 1 (un, ein, uno are
 * also articles) and words with another common meaning in one of the languages (fr "neuf" new, es "once" and de "elf"
 * as English words, fr "cent" as the coin).
 */
const CARDINALS: ReadonlyMap<string, number> = new Map(
  Object.entries({
    two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12, twenty: 20, hundred: 100,
    deux: 2, trois: 3, quatre: 4, cinq: 5, sept: 7, huit: 8, dix: 10, onze: 11, douze: 12, vingt: 20,
    zwei: 2, drei: 3, vier: 4, fünf: 5, sechs: 6, sieben: 7, acht: 8, neun: 9, zehn: 10, zwölf: 12, zwanzig: 20, hundert: 100,
    dos: 2, tres: 3, cuatro: 4, cinco: 5, seis: 6, siete: 7, ocho: 8, nueve: 9, diez: 10, doce: 12, veinte: 20, cien: 100,
  }),
);

// Words, and integers that are not part of a larger number (12,500 · 10:30 · 555-0199 are left alone).
const TOKEN = /\p{L}+|(?<!\p{Nd}[.,:/-]|\p{Nd})\p{Nd}+(?![.,:/-]\p{Nd})/gu;

interface Occurrence { index: number; length: number }

/** Each number value written exactly once in `text`, as a cardinal word or a plain integer, with where it is. */
function quantities(text: string): Map<number, Occurrence | null> {
  const found = new Map<number, Occurrence | null>();
  for (const match of text.matchAll(TOKEN)) {
    const token = match[0];
    const value = /^\p{Nd}+$/u.test(token) ? Number(token) : CARDINALS.get(token.toLocaleLowerCase());
    if (value === undefined || !Number.isSafeInteger(value)) continue;
    found.set(value, found.has(value) ? null : { index: match.index, length: token.length });
  }
  return found;
}

/**
 * The pair with one number value that both sides write exactly once replaced by the same placeholder (placeholder
 * `firstFree`, or now and then a higher one so that every placeholder is trained); undefined when there is none.
 */
export function maskQuantity(pair: TextPair, firstFree: number, random: SeededRandom): TextPair | undefined {
  if (firstFree >= MAX_PLACEHOLDERS) return undefined;
  const source = quantities(pair.source);
  const target = quantities(pair.target);
  const shared = [...source].filter(([value, at]) => at !== null && target.get(value)).map(([value]) => value);
  if (shared.length === 0) return undefined;
  const value = shared[Math.floor(random.next() * shared.length)]!;
  const here = source.get(value)!;
  const there = target.get(value)!;
  const id = drawPlaceholder(firstFree, random);
  return { source: replaceAt(pair.source, here, id), target: replaceAt(pair.target, there, id) };
}
