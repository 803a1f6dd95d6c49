import type { Tokenizer, TokenizerCodec } from "../../src/artifacts/tokenizer-codec.js";

/** Character-level tokenizer for synthetic tests (ids 0-3 reserved, then one id per character). */
export class CharTokenizer implements Tokenizer {
  readonly padId = 0;
  readonly unkId = 1;
  readonly bosId = 2;
  readonly eosId = 3;
  private readonly ids: Map<string, number>;

  constructor(private readonly chars: readonly string[]) {
    this.ids = new Map(chars.map((c, i) => [c, i + 4]));
  }

  get vocabSize(): number {
    return this.chars.length + 4;
  }

  encode(text: string): number[] {
    return [...text].map((c) => this.ids.get(c) ?? this.unkId);
  }

  decode(ids: readonly number[]): string {
    return ids.filter((id) => id >= 4).map((id) => this.chars[id - 4] ?? "").join("");
  }

  toJSON(): unknown {
    return { type: "char", chars: this.chars };
  }
}

export const charTokenizerCodec: TokenizerCodec = {
  train: (texts) => new CharTokenizer([...new Set(texts.flatMap((t) => [...t]))].sort()),
  fromJSON: (json) => new CharTokenizer((json as { chars: string[] }).chars),
};
