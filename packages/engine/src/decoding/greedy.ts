import type { Seq2SeqModel } from "../models/seq2seq-model.js";
import { BOS_ID, EOS_ID } from "../models/special-tokens.js";
import { hypothesisScore, maxOutputLength, type Hypothesis, type LengthLimit } from "./scoring.js";
import { defaultRepetitionGuard, GUARD_CANDIDATES, repeats, type RepetitionGuard } from "./repetition-guard.js";
import { isIncrementalDecoder, type IncrementalDecoder } from "./incremental-decoder.js";
import { TensorDecoder } from "./tensor-decoder.js";

export interface GreedyOptions {
  lengthLimit?: LengthLimit;
  lengthPenaltyAlpha?: number;
  /** Default: defaultRepetitionGuard; noRepetitionGuard decodes plain argmax. */
  repetitionGuard?: RepetitionGuard;
}

/**
 * Batched greedy decoding with the incremental decoder (a Seq2SeqModel is decoded through its TensorFlow.js graph).
 * `sources` are token ids without EOS. Finished rows are dropped from the batch as they complete. Each step takes
 * the most likely token that the repetition guard allows (EOS when none of the GUARD_CANDIDATES best is allowed).
 */
export function greedyDecode(model: Seq2SeqModel | IncrementalDecoder, sources: readonly number[][], options: GreedyOptions = {}): Hypothesis[] {
  const decoder = isIncrementalDecoder(model) ? model : new TensorDecoder(model);
  const alpha = options.lengthPenaltyAlpha ?? 0;
  const guard = options.repetitionGuard ?? defaultRepetitionGuard;
  const candidates = Math.min(GUARD_CANDIDATES, decoder.vocabSize);
  const limits = sources.map((s) => maxOutputLength(s.length, decoder.maxLength, options.lengthLimit));
  const results: Hypothesis[] = sources.map(() => ({ tokens: [], logProb: 0, score: 0, finished: false }));
  if (sources.length === 0) return results;
  let active = sources.map((_, i) => i);
  let prev = active.map(() => BOS_ID);
  const session = decoder.start(sources, 1, Math.max(...limits));
  try {
    while (active.length > 0) {
      session.step(Int32Array.from(prev));
      const { ids, values } = session.topTokens(candidates);
      const keep: number[] = [];
      const chosen: number[] = [];
      active.forEach((source, row) => {
        const result = results[source]!;
        let pick = 0;
        while (pick < candidates && ids[row * candidates + pick] !== EOS_ID && repeats(result.tokens, ids[row * candidates + pick]!, guard)) pick++;
        const id = pick < candidates ? ids[row * candidates + pick]! : EOS_ID;
        result.logProb += pick < candidates ? values[row * candidates + pick]! : values[row * candidates]!;
        chosen[row] = id;
        if (id === EOS_ID) {
          result.finished = true;
        } else {
          result.tokens.push(id);
          if (result.tokens.length < limits[source]!) keep.push(row);
        }
      });
      if (keep.length < active.length && keep.length > 0) session.selectRows(Int32Array.from(keep));
      active = keep.map((row) => active[row]!);
      prev = keep.map((row) => chosen[row]!);
    }
  } finally {
    session.dispose();
  }
  for (const r of results) r.score = hypothesisScore(r.logProb, r.tokens.length + (r.finished ? 1 : 0), alpha);
  return results;
}
