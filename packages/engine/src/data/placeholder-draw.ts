import { MAX_PLACEHOLDERS, placeholder } from "../text/placeholders.js";
import type { SeededRandom } from "../util/seeded-random.js";

/**
 * The placeholder an augmentation puts in: `firstFree` mostly, now and then (30%) a higher one, so that every
 * placeholder's embedding is trained. Draws from `random` in a fixed order (runs resume with the same data).
 */
export function drawPlaceholder(firstFree: number, random: SeededRandom): string {
  return placeholder(random.next() < 0.3 ? firstFree + Math.floor(random.next() * (MAX_PLACEHOLDERS - firstFree)) : firstFree);
}

/** `text` with `length` UTF-16 units at `index` replaced by `replacement`. */
export function replaceAt(text: string, at: { index: number; length: number }, replacement: string): string {
  return text.slice(0, at.index) + replacement + text.slice(at.index + at.length);
}
