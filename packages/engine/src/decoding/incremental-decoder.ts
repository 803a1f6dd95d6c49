/**
 * What greedy and beam search need from a model: start a batch of sources, feed one token per row, read the best
 * next tokens, reorder or drop rows. Two implementations: the TensorFlow.js graph of any Seq2SeqModel
 * (decoding/tensor-decoder.ts) and native Transformer inference (models/transformer/native-transformer-decoder.ts).
 */
export interface IncrementalDecoder {
  readonly vocabSize: number;
  /** Longest source or target sequence in tokens, including BOS/EOS. */
  readonly maxLength: number;
  /**
   * Encodes `sources` (token ids, EOS not included) and prepares `rowsPerSource` decoding rows per source, row
   * r decoding source floor(r / rowsPerSource), each with room for `capacity` target tokens (the longest output).
   * selectRows may later hold up to `maxRowsPerSource` rows per source (default rowsPerSource).
   */
  start(sources: readonly number[][], rowsPerSource: number, capacity: number, maxRowsPerSource?: number): DecodingSession;
}

/** The k best entries per row (or per group), best first: ids and values, k per row, row after row. */
export interface Candidates {
  ids: Int32Array;
  values: Float32Array;
}

/** A batch being decoded. Owns native or tensor memory: dispose it. */
export interface DecodingSession {
  readonly rows: number;
  /** Feeds one token per row (BOS first) and computes the next-token log-probabilities of every row. */
  step(tokens: Int32Array): void;
  /**
   * The k most likely next tokens of each row of the last step (of the given rows, in that order), with their
   * log-probabilities.
   */
  topTokens(k: number, rows?: Int32Array): Candidates;
  /**
   * Beam candidates of the last step: for each group g of consecutive rows groupStarts[g] .. groupStarts[g + 1] − 1
   * (groupStarts ends with the row count), the k best of logProb[row, token] + rowScores[row], with ids
   * (row − groupStarts[g])·vocab + token. Rows scored ≤ −1e29 hold no hypothesis; missing candidates have values
   * ≤ −1e29.
   */
  topInGroups(groupStarts: Int32Array, rowScores: Float32Array, k: number): Candidates;
  /** Row i becomes the old row rows[i] (beam reordering; dropping finished rows). */
  selectRows(rows: Int32Array): void;
  dispose(): void;
}

/** True for an IncrementalDecoder (as opposed to a Seq2SeqModel, which greedy and beam search also accept). */
export function isIncrementalDecoder(value: unknown): value is IncrementalDecoder {
  return typeof value === "object" && value !== null && typeof (value as IncrementalDecoder).start === "function";
}
