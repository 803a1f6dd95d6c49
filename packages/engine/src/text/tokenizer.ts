/**
 * The tokenizer contract shared by training, decoding and serving.
 * Ids 0..3 are reserved for the special tokens below in every tokenizer.
 */
export const SPECIAL_TOKENS = { pad: 0, unk: 1, bos: 2, eos: 3 } as const;

export const SPECIAL_TOKEN_NAMES: readonly string[] = ["<pad>", "<unk>", "<s>", "</s>"];

/** Serialized byte-fallback BPE tokenizer (see bpe-tokenizer.ts for the id layout). */
export interface BpeTokenizerJson {
  type: "bpe";
  version: 1;
  /** Non-byte pieces in id order; piece i has id FIRST_PIECE_ID + i. */
  pieces: string[];
  /** Merge rules in priority order, as [leftId, rightId]; the result is the piece leftPiece + rightPiece. */
  merges: [number, number][];
}

export type TokenizerJson = BpeTokenizerJson;

export interface Tokenizer {
  readonly vocabSize: number;
  readonly padId: number;
  readonly unkId: number;
  readonly bosId: number;
  readonly eosId: number;
  /** Token ids for `text` (NFC-normalized first); no bos/eos added. */
  encode(text: string): number[];
  /** Text for `ids`; special ids are skipped. */
  decode(ids: readonly number[]): string;
  toJSON(): TokenizerJson;
}
