/**
 * Byte-fallback BPE tokenizer. Characters outside the learned alphabet are encoded as their UTF-8 bytes, so every
 * well-formed string round-trips: decode(encode(s)) === s.normalize("NFC").
 */
import { LRUCache } from "lru-cache";
import { FIRST_BYTE_ID, FIRST_PIECE_ID, PAIR_KEY_BASE, byteTokenName, pairKey } from "./bpe-layout.js";
import { learnBpe, mergePair, type BpeTrainOptions } from "./bpe-trainer.js";
import { normalizeText } from "./normalize.js";
import { preTokenize } from "./pre-tokenizer.js";
import { SPECIAL_TOKENS, SPECIAL_TOKEN_NAMES, type BpeTokenizerJson, type Tokenizer } from "./tokenizer.js";

export class BpeTokenizer implements Tokenizer {
  readonly padId = SPECIAL_TOKENS.pad;
  readonly unkId = SPECIAL_TOKENS.unk;
  readonly bosId = SPECIAL_TOKENS.bos;
  readonly eosId = SPECIAL_TOKENS.eos;
  readonly vocabSize: number;

  private readonly pieces: readonly string[];
  private readonly merges: readonly [number, number][];
  private readonly pieceIds = new Map<string, number>();
  /** Pair key -> [rank, merged id]. */
  private readonly mergeTable = new Map<number, readonly [number, number]>();
  private readonly chunkCache = new LRUCache<string, readonly number[]>({ max: 200_000 });
  private readonly utf8Encoder = new TextEncoder();
  // ignoreBOM keeps a leading U+FEFF in the output instead of swallowing it.
  private readonly utf8Decoder = new TextDecoder("utf-8", { ignoreBOM: true });

  private constructor(json: BpeTokenizerJson) {
    this.pieces = [...json.pieces];
    this.merges = json.merges.map(([left, right]) => [left, right] as [number, number]);
    this.vocabSize = FIRST_PIECE_ID + this.pieces.length;
    if (this.vocabSize > PAIR_KEY_BASE) throw new Error(`tokenizer JSON: vocabulary too large (${this.vocabSize})`);
    this.pieces.forEach((piece, index) => {
      if (piece.length === 0) throw new Error(`tokenizer JSON: empty piece at index ${index}`);
      if (this.pieceIds.has(piece)) throw new Error(`tokenizer JSON: duplicate piece ${JSON.stringify(piece)}`);
      this.pieceIds.set(piece, FIRST_PIECE_ID + index);
    });
    this.merges.forEach(([left, right], rank) => {
      const merged = this.pieceIds.get(this.pieceOf(left, rank) + this.pieceOf(right, rank));
      if (merged === undefined) throw new Error(`tokenizer JSON: merge ${rank} produces a piece missing from pieces`);
      if (!this.mergeTable.has(pairKey(left, right))) this.mergeTable.set(pairKey(left, right), [rank, merged]);
    });
  }

  /** Learns a vocabulary from `texts` (for a joint vocabulary pass both sides of the corpus). */
  static train(texts: Iterable<string>, options: BpeTrainOptions): BpeTokenizer {
    return new BpeTokenizer(learnBpe(texts, options));
  }

  static fromJSON(json: unknown): BpeTokenizer {
    return new BpeTokenizer(parseBpeJson(json));
  }

  encode(text: string): number[] {
    const ids: number[] = [];
    for (const chunk of preTokenize(normalizeText(text))) {
      for (const id of this.encodeChunk(chunk)) ids.push(id);
    }
    return ids;
  }

  decode(ids: readonly number[]): string {
    let text = "";
    const pendingBytes: number[] = [];
    const flushBytes = (): void => {
      if (pendingBytes.length === 0) return;
      text += this.utf8Decoder.decode(Uint8Array.from(pendingBytes));
      pendingBytes.length = 0;
    };
    for (const id of ids) {
      this.checkId(id);
      if (id < FIRST_BYTE_ID) continue;
      if (id < FIRST_PIECE_ID) {
        pendingBytes.push(id - FIRST_BYTE_ID);
      } else {
        flushBytes();
        text += this.pieces[id - FIRST_PIECE_ID]!;
      }
    }
    flushBytes();
    return text;
  }

  /** Human-readable form of one id: "<s>", "<0xE2>", or the piece text. */
  idToPiece(id: number): string {
    this.checkId(id);
    if (id < FIRST_BYTE_ID) return SPECIAL_TOKEN_NAMES[id]!;
    if (id < FIRST_PIECE_ID) return byteTokenName(id - FIRST_BYTE_ID);
    return this.pieces[id - FIRST_PIECE_ID]!;
  }

  toJSON(): BpeTokenizerJson {
    return { type: "bpe", version: 1, pieces: [...this.pieces], merges: this.merges.map(([l, r]) => [l, r]) };
  }

  private encodeChunk(chunk: string): readonly number[] {
    const cached = this.chunkCache.get(chunk);
    if (cached !== undefined) return cached;
    let symbols: number[] = [];
    for (const char of chunk) {
      const id = this.pieceIds.get(char);
      if (id !== undefined) symbols.push(id);
      else for (const byte of this.utf8Encoder.encode(char)) symbols.push(FIRST_BYTE_ID + byte);
    }
    // Apply the highest-priority merge present until none applies (same result as replaying merges in order).
    while (symbols.length > 1) {
      let best: readonly [number, number] | undefined;
      let bestKey = -1;
      for (let i = 0; i + 1 < symbols.length; i++) {
        const key = pairKey(symbols[i]!, symbols[i + 1]!);
        const entry = this.mergeTable.get(key);
        if (entry !== undefined && (best === undefined || entry[0] < best[0])) {
          best = entry;
          bestKey = key;
        }
      }
      if (best === undefined) break;
      symbols = mergePair(symbols, Math.floor(bestKey / PAIR_KEY_BASE), bestKey % PAIR_KEY_BASE, best[1]);
    }
    this.chunkCache.set(chunk, symbols);
    return symbols;
  }

  private pieceOf(id: number, rank: number): string {
    const piece = Number.isInteger(id) ? this.pieces[id - FIRST_PIECE_ID] : undefined;
    if (piece === undefined) throw new Error(`tokenizer JSON: merge ${rank} refers to unknown piece id ${id}`);
    return piece;
  }

  private checkId(id: number): void {
    if (!Number.isInteger(id) || id < 0 || id >= this.vocabSize) {
      throw new RangeError(`token id ${id} is outside the vocabulary (size ${this.vocabSize})`);
    }
  }
}

function parseBpeJson(json: unknown): BpeTokenizerJson {
  if (typeof json !== "object" || json === null) throw new Error("tokenizer JSON: expected an object");
  const { type, version, pieces, merges } = json as Record<string, unknown>;
  if (type !== "bpe") throw new Error(`tokenizer JSON: unsupported type ${JSON.stringify(type)}`);
  if (version !== 1) throw new Error(`tokenizer JSON: unsupported version ${JSON.stringify(version)}`);
  if (!Array.isArray(pieces) || !pieces.every((piece) => typeof piece === "string")) {
    throw new Error("tokenizer JSON: pieces must be an array of strings");
  }
  const isMerge = (merge: unknown): merge is [number, number] =>
    Array.isArray(merge) && merge.length === 2 && merge.every((id) => Number.isInteger(id));
  if (!Array.isArray(merges) || !merges.every(isMerge)) {
    throw new Error("tokenizer JSON: merges must be an array of [leftId, rightId] integer pairs");
  }
  return { type, version, pieces: pieces as string[], merges: merges as [number, number][] };
}
