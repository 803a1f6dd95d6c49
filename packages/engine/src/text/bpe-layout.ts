/**
 * Id layout of the byte-fallback BPE vocabulary:
 *   0..3     special tokens (pad, unk, bos, eos)
 *   4..259   the 256 byte values, used for characters outside the learned alphabet
 *   260..    learned pieces: single characters first, then merge results
 */
export const FIRST_BYTE_ID = 4;
export const FIRST_PIECE_ID = FIRST_BYTE_ID + 256;

/** Pair keys pack two ids into one number; ids must stay below this base. */
export const PAIR_KEY_BASE = 2 ** 20;

export function pairKey(left: number, right: number): number {
  return left * PAIR_KEY_BASE + right;
}

export function byteTokenName(byte: number): string {
  return `<0x${byte.toString(16).toUpperCase().padStart(2, "0")}>`;
}
