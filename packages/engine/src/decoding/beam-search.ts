import type { Seq2SeqModel } from "../models/seq2seq-model.js";
import { BOS_ID, EOS_ID } from "../models/special-tokens.js";
import { hypothesisScore, lengthPenalty, maxOutputLength, type Hypothesis, type LengthLimit } from "./scoring.js";
import { defaultRepetitionGuard, GUARD_CANDIDATES, repeats, type RepetitionGuard } from "./repetition-guard.js";
import { isIncrementalDecoder, type IncrementalDecoder } from "./incremental-decoder.js";
import { TensorDecoder } from "./tensor-decoder.js";

export interface BeamOptions {
  beamSize: number;
  lengthLimit?: LengthLimit;
  lengthPenaltyAlpha?: number;
  /** Default: defaultRepetitionGuard (candidates that repeat are skipped). */
  repetitionGuard?: RepetitionGuard;
  /**
   * Per source, what its output must contain (its placeholders): each requirement lists the tokens that satisfy it
   * (a placeholder may be written with or without a word boundary). A finished hypothesis meeting all of them wins
   * over any that does not, and the search goes on until one finishes or no beam is left (see `covers`).
   */
  required?: readonly (readonly Requirement[])[];
}

/** Tokens any one of which meets a requirement. */
export type Requirement = readonly number[];

interface Partial { tokens: number[]; logProb: number }

/**
 * Where a source's hypotheses sit in the session: its beams in rows start .. start + beams − 1, then the witness's
 * own row if it has one. While the witness's tokens equal a beam's, it has no row and reads that beam's (`follows`).
 */
interface Rows { start: number; beams: number; witnessRow: number | undefined; follows: number }

/** Search progress for one source sentence. */
interface SourceSearch {
  limit: number;
  beams: Partial[];
  /** The greedy path, decoded alongside so the result can never score below greedy. */
  witness: Partial & { done: boolean };
  finished: Hypothesis[];
  /** What the output must contain (empty: nothing). */
  required: readonly Requirement[];
}

const excluded = -1e30;

function finish(partial: Partial, emittedEos: boolean, alpha: number): Hypothesis {
  const length = partial.tokens.length + (emittedEos ? 1 : 0);
  return { tokens: partial.tokens, logProb: partial.logProb, score: hypothesisScore(partial.logProb, length, alpha), finished: emittedEos };
}

/** A hypothesis that ended with EOS and meets every requirement. */
function covers(hypothesis: Hypothesis, required: readonly Requirement[]): boolean {
  return hypothesis.finished && meets(hypothesis.tokens, required);
}

/** Whether `tokens` hold a token of every requirement. */
export function meets(tokens: readonly number[], required: readonly Requirement[]): boolean {
  return required.every((anyOf) => anyOf.some((token) => tokens.includes(token)));
}

/** The best-scoring finished hypothesis, among those that cover the required tokens when any does. */
function bestFinished(search: SourceSearch): Hypothesis | undefined {
  const covering = search.required.length === 0 ? search.finished : search.finished.filter((h) => covers(h, search.required));
  const pool = covering.length > 0 ? covering : search.finished;
  return pool.reduce<Hypothesis | undefined>((best, h) => (best === undefined || h.score > best.score ? h : best), undefined);
}

/**
 * No alive beam can still beat the best finished hypothesis (log-probs only fall, the penalty grows at most to the
 * limit). With required tokens, only a covering hypothesis ends the search early.
 */
function beamsExhausted(search: SourceSearch, alpha: number): boolean {
  const best = bestFinished(search);
  if (search.beams.length === 0) return true;
  if (best === undefined || (search.required.length > 0 && !covers(best, search.required))) return false;
  const bound = Math.max(...search.beams.map((b) => b.logProb / lengthPenalty(alpha >= 0 ? search.limit : 1, alpha)));
  return best.score >= bound;
}

/**
 * Batched beam search over the incremental decoder (a Seq2SeqModel is decoded through its TensorFlow.js graph). Each
 * source keeps up to beamSize beams and a greedy "witness"; the result is the best-scoring finished hypothesis, so it
 * is never worse than greedy under the same score. The witness costs a row of its own only while its tokens differ
 * from every beam's (mostly they equal the best beam's). Candidates refused by the repetition guard are skipped, in
 * the beams and in the witness alike. Sources leave the batch when done.
 */
export function beamSearch(model: Seq2SeqModel | IncrementalDecoder, sources: readonly number[][], options: BeamOptions): Hypothesis[] {
  const decoder = isIncrementalDecoder(model) ? model : new TensorDecoder(model);
  const vocab = decoder.vocabSize;
  const k = Math.max(1, Math.floor(options.beamSize));
  const alpha = options.lengthPenaltyAlpha ?? 0.6;
  const guard = options.repetitionGuard ?? defaultRepetitionGuard;
  const witnessCandidates = Math.min(GUARD_CANDIDATES, vocab);
  // Extra candidates make up for those the guard refuses.
  const candidateCount = Math.min(2 * k + GUARD_CANDIDATES, k * vocab);
  const searches: SourceSearch[] = sources.map((s, i) => ({
    limit: maxOutputLength(s.length, decoder.maxLength, options.lengthLimit),
    beams: [{ tokens: [], logProb: 0 }],
    witness: { tokens: [], logProb: 0, done: false },
    finished: [],
    required: options.required?.[i] ?? [],
  }));
  if (sources.length === 0) return [];
  let active = sources.map((_, i) => i);
  let layout: Rows[] = active.map((_, slot) => ({ start: slot, beams: 1, witnessRow: undefined, follows: 0 }));
  let prev = active.map(() => BOS_ID);
  const session = decoder.start(sources, 1, Math.max(...searches.map((search) => search.limit)), k + 1);
  try {
    while (active.length > 0) {
      const rowScores = new Float32Array(prev.length).fill(excluded);
      const groupStarts = new Int32Array(active.length + 1);
      layout.forEach((rows, slot) => {
        searches[active[slot]!]!.beams.forEach((beam, b) => { rowScores[rows.start + b] = beam.logProb; });
        groupStarts[slot] = rows.start;
      });
      groupStarts[active.length] = prev.length;
      session.step(Int32Array.from(prev));
      const witnessTop = session.topTokens(witnessCandidates, Int32Array.from(layout, (rows) => rows.witnessRow ?? rows.start + rows.follows));
      const candidates = session.topInGroups(groupStarts, rowScores, candidateCount);
      const nextRows: number[] = [];
      const nextTokens: number[] = [];
      const stillActive: number[] = [];
      const nextLayout: Rows[] = [];
      active.forEach((source, slot) => {
        const search = searches[source]!;
        const rows = layout[slot]!;
        const survivors: { partial: Partial; row: number; token: number }[] = [];
        for (let c = 0; c < candidateCount && survivors.length < k; c++) {
          const flat = candidates.ids[slot * candidateCount + c]!;
          const score = candidates.values[slot * candidateCount + c]!;
          if (score <= excluded / 2) break;
          const beam = Math.floor(flat / vocab);
          const token = flat % vocab;
          const parent = search.beams[beam]!;
          if (token !== EOS_ID && repeats(parent.tokens, token, guard)) continue;
          if (token === EOS_ID) {
            search.finished.push(finish({ tokens: parent.tokens, logProb: score }, true, alpha));
          } else {
            const partial = { tokens: [...parent.tokens, token], logProb: score };
            if (partial.tokens.length >= search.limit) search.finished.push(finish(partial, false, alpha));
            else survivors.push({ partial, row: rows.start + beam, token });
          }
        }
        search.beams = survivors.map((s) => s.partial);
        advanceWitness(search, witnessTop.ids.subarray(slot * witnessCandidates, (slot + 1) * witnessCandidates),
          witnessTop.values.subarray(slot * witnessCandidates, (slot + 1) * witnessCandidates), guard, alpha);
        if (search.witness.done && beamsExhausted(search, alpha)) return;
        stillActive.push(source);
        const next: Rows = { start: nextRows.length, beams: survivors.length, witnessRow: undefined, follows: 0 };
        for (const survivor of survivors) {
          nextRows.push(survivor.row);
          nextTokens.push(survivor.token);
        }
        const witness = search.witness;
        const twin = witness.done ? -1 : survivors.findIndex((s) => sameTokens(s.partial.tokens, witness.tokens));
        if (twin >= 0) {
          next.follows = twin;
        } else if (!witness.done) {
          // The witness left every beam: its own row continues from the row it read this step.
          next.witnessRow = nextRows.length;
          nextRows.push(rows.witnessRow ?? rows.start + rows.follows);
          nextTokens.push(witness.tokens[witness.tokens.length - 1] ?? BOS_ID);
        }
        nextLayout.push(next);
      });
      active = stillActive;
      if (active.length > 0) session.selectRows(Int32Array.from(nextRows));
      layout = nextLayout;
      prev = nextTokens;
    }
  } finally {
    session.dispose();
  }
  return searches.map((search) => bestFinished(search)!);
}

/** The witness takes its best token that the guard allows (EOS when none of its candidates is allowed). */
function advanceWitness(search: SourceSearch, ids: Int32Array, logProbs: Float32Array, guard: RepetitionGuard, alpha: number): void {
  const witness = search.witness;
  if (witness.done) return;
  let pick = 0;
  while (pick < ids.length && ids[pick] !== EOS_ID && repeats(witness.tokens, ids[pick]!, guard)) pick++;
  const token = pick < ids.length ? ids[pick]! : EOS_ID;
  witness.logProb += logProbs[Math.min(pick, ids.length - 1)]!;
  if (token !== EOS_ID) witness.tokens.push(token);
  if (token === EOS_ID || witness.tokens.length >= search.limit) {
    witness.done = true;
    search.finished.push(finish(witness, token === EOS_ID, alpha));
  }
}

function sameTokens(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((token, i) => token === b[i]);
}
