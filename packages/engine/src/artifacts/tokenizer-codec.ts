/**
 * The tokenizer contract (src/text/tokenizer.ts, written separately). Declared here
 * structurally so this branch type-checks on its own.
 * TODO-merge: replace with `export type { Tokenizer } from "../text/tokenizer.js";`
 */
export interface Tokenizer {
  readonly vocabSize: number;
  readonly padId: number;
  readonly unkId: number;
  readonly bosId: number;
  readonly eosId: number;
  encode(text: string): number[];
  decode(ids: readonly number[]): string;
  toJSON(): unknown;
}

/** How a model artifact's tokenizer is trained and restored. */
export interface TokenizerCodec {
  train(texts: string[], options: { vocabSize: number }): Tokenizer | Promise<Tokenizer>;
  fromJSON(json: unknown): Tokenizer;
}

/**
 * The production codec: the byte-fallback BPE tokenizer of src/text/bpe-tokenizer.ts.
 * TODO-merge: import BpeTokenizer statically once src/text is merged; the computed
 * specifier keeps this branch type-checking without it.
 */
export async function defaultTokenizerCodec(): Promise<TokenizerCodec> {
  const specifier = "../text/bpe-tokenizer.js";
  let module: { BpeTokenizer?: TokenizerCodec };
  try {
    module = (await import(specifier)) as { BpeTokenizer?: TokenizerCodec };
  } catch (error) {
    throw new Error(`the BPE tokenizer (src/text/bpe-tokenizer.ts) is not available: ${String(error)}`);
  }
  const bpe = module.BpeTokenizer;
  if (bpe === undefined) throw new Error("src/text/bpe-tokenizer.ts does not export BpeTokenizer");
  return { train: (texts, options) => bpe.train(texts, options), fromJSON: (json) => bpe.fromJSON(json) };
}

/** Checks that a tokenizer honours the reserved ids the models rely on. */
export function assertTokenizerContract(tokenizer: Tokenizer): void {
  const ids = [tokenizer.padId, tokenizer.unkId, tokenizer.bosId, tokenizer.eosId];
  if (JSON.stringify(ids) !== JSON.stringify([0, 1, 2, 3])) {
    throw new Error(`tokenizer must use pad/unk/bos/eos ids 0/1/2/3, got ${ids.join("/")}`);
  }
}
