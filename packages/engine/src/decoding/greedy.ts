import * as tf from "@tensorflow/tfjs-core";
import type { Seq2SeqModel, DecoderState } from "../models/seq2seq-model.js";
import { BOS_ID, EOS_ID, sourceSequence } from "../models/special-tokens.js";
import { padSequences } from "../training/batching.js";
import { withTensor } from "./with-tensor.js";
import { hypothesisScore, logProbabilities, maxOutputLength, type Hypothesis, type LengthLimit } from "./scoring.js";
import { defaultRepetitionGuard, GUARD_CANDIDATES, repeats, type RepetitionGuard } from "./repetition-guard.js";

export interface GreedyOptions {
  lengthLimit?: LengthLimit;
  lengthPenaltyAlpha?: number;
  /** Default: defaultRepetitionGuard; noRepetitionGuard decodes plain argmax. */
  repetitionGuard?: RepetitionGuard;
}

/**
 * Batched greedy decoding with the incremental decoder. `sources` are token ids without
 * EOS. Finished rows are dropped from the batch as they complete. Each step takes the most likely token that
 * the repetition guard allows (EOS when none of the GUARD_CANDIDATES best is allowed).
 */
export function greedyDecode(model: Seq2SeqModel, sources: readonly number[][], options: GreedyOptions = {}): Hypothesis[] {
  const alpha = options.lengthPenaltyAlpha ?? 0;
  const guard = options.repetitionGuard ?? defaultRepetitionGuard;
  const candidates = Math.min(GUARD_CANDIDATES, model.config.vocabSize);
  const limits = sources.map((s) => maxOutputLength(s.length, model.config.maxLength, options.lengthLimit));
  const results: Hypothesis[] = sources.map(() => ({ tokens: [], logProb: 0, score: 0, finished: false }));
  if (sources.length === 0) return results;
  let active = sources.map((_, i) => i);
  let prev = active.map(() => BOS_ID);
  let state: DecoderState = withTensor(padSequences(sources.map(sourceSequence)), (src) => model.encode(src));
  try {
    while (active.length > 0) {
      const out = withTensor(tf.tensor1d(prev, "int32"), (tokens) => model.decodeStep(state, tokens));
      state.dispose();
      state = out.state;
      const best = tf.tidy(() => tf.topk(logProbabilities(out.logits), candidates));
      const ids = best.indices.dataSync();
      const values = best.values.dataSync();
      tf.dispose([out.logits, best.indices, best.values]);
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
      if (keep.length < active.length && keep.length > 0) {
        const selected = withTensor(tf.tensor1d(keep, "int32"), (rows) => model.selectRows(state, rows));
        state.dispose();
        state = selected;
      }
      active = keep.map((row) => active[row]!);
      prev = keep.map((row) => chosen[row]!);
    }
  } finally {
    state.dispose();
  }
  for (const r of results) r.score = hypothesisScore(r.logProb, r.tokens.length + (r.finished ? 1 : 0), alpha);
  return results;
}
