import { BpeTokenizer } from "../text/bpe-tokenizer.js";
import type { Tokenizer } from "../text/tokenizer.js";

export type { Tokenizer } from "../text/tokenizer.js";

/** How a model artifact's tokenizer is trained and restored. */
export interface TokenizerCodec {
  train(texts: string[], options: { vocabSize: number }): Tokenizer | Promise<Tokenizer>;
  fromJSON(json: unknown): Tokenizer;
}

/** The production codec: the byte-fallback BPE tokenizer of src/text/bpe-tokenizer.ts. */
export const bpeTokenizerCodec: TokenizerCodec = {
  train: (texts, options) => BpeTokenizer.train(texts, options),
  fromJSON: (json) => BpeTokenizer.fromJSON(json),
};

/** Checks that a tokenizer honours the reserved ids the models rely on. */
export function assertTokenizerContract(tokenizer: Tokenizer): void {
  const ids = [tokenizer.padId, tokenizer.unkId, tokenizer.bosId, tokenizer.eosId];
  if (JSON.stringify(ids) !== JSON.stringify([0, 1, 2, 3])) {
    throw new Error(`tokenizer must use pad/unk/bos/eos ids 0/1/2/3, got ${ids.join("/")}`);
  }
}
