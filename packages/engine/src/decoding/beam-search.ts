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
}

interface Partial { tokens: number[]; logProb: number }

/** Search progress for one source sentence. */
interface SourceSearch {
  limit: number;
  beams: Partial[];
  /** The greedy path, decoded alongside so the result can never score below greedy. */
  witness: Partial & { done: boolean };
  finished: Hypothesis[];
}

const excluded = -1e30;

function finish(partial: Partial, emittedEos: boolean, alpha: number): Hypothesis {
  const length = partial.tokens.length + (emittedEos ? 1 : 0);
  return { tokens: partial.tokens, logProb: partial.logProb, score: hypothesisScore(partial.logProb, length, alpha), finished: emittedEos };
}

function bestFinished(search: SourceSearch): Hypothesis | undefined {
  return search.finished.reduce<Hypothesis | undefined>((best, h) => (best === undefined || h.score > best.score ? h : best), undefined);
}

/** No alive beam can still beat the best finished hypothesis (log-probs only fall, the penalty grows at most to the limit). */
function beamsExhausted(search: SourceSearch, alpha: number): boolean {
  const best = bestFinished(search);
  if (search.beams.length === 0) return true;
  if (best === undefined) return false;
  const bound = Math.max(...search.beams.map((b) => b.logProb / lengthPenalty(alpha >= 0 ? search.limit : 1, alpha)));
  return best.score >= bound;
}

/**
 * Batched beam search over the incremental decoder. Each source gets beamSize beam rows plus
 * one greedy "witness" row; the result is the best-scoring finished hypothesis, so it is
 * never worse than greedy under the same score. Candidates refused by the repetition guard are skipped, in the
 * beams and in the witness alike. Sources leave the batch when done. A Seq2SeqModel is decoded through its
 * TensorFlow.js graph.
 */
export function beamSearch(model: Seq2SeqModel | IncrementalDecoder, sources: readonly number[][], options: BeamOptions): Hypothesis[] {
  const decoder = isIncrementalDecoder(model) ? model : new TensorDecoder(model);
  const vocab = decoder.vocabSize;
  const k = Math.max(1, Math.floor(options.beamSize));
  const alpha = options.lengthPenaltyAlpha ?? 0.6;
  const rowsPerSource = k + 1;
  const guard = options.repetitionGuard ?? defaultRepetitionGuard;
  const witnessCandidates = Math.min(GUARD_CANDIDATES, vocab);
  // Extra candidates make up for those the guard refuses.
  const candidateCount = Math.min(2 * k + GUARD_CANDIDATES, rowsPerSource * vocab);
  const searches: SourceSearch[] = sources.map((s) => ({
    limit: maxOutputLength(s.length, decoder.maxLength, options.lengthLimit),
    beams: [{ tokens: [], logProb: 0 }],
    witness: { tokens: [], logProb: 0, done: false },
    finished: [],
  }));
  if (sources.length === 0) return [];
  let active = sources.map((_, i) => i);
  const session = decoder.start(sources, rowsPerSource, Math.max(...searches.map((search) => search.limit)));
  let prev = active.flatMap(() => Array<number>(rowsPerSource).fill(BOS_ID));
  try {
    while (active.length > 0) {
      const beamScores = active.flatMap((i) => {
        const beams = searches[i]!.beams;
        return [...Array.from({ length: k }, (_, b) => beams[b]?.logProb ?? excluded), excluded];
      });
      session.step(Int32Array.from(prev));
      const witnessTop = session.topTokens(witnessCandidates);
      const candidates = session.topInGroups(rowsPerSource, Float32Array.from(beamScores), candidateCount);
      const [witnessIds, witnessLogProbs, candidateIds, candidateScores] = [witnessTop.ids, witnessTop.values, candidates.ids, candidates.values];
      const nextRows: number[] = [];
      const nextTokens: number[] = [];
      const stillActive: number[] = [];
      active.forEach((source, slot) => {
        const search = searches[source]!;
        const base = slot * rowsPerSource;
        const survivors: { partial: Partial; row: number; token: number }[] = [];
        for (let c = 0; c < candidateCount && survivors.length < k; c++) {
          const flat = candidateIds[slot * candidateCount + c]!;
          const score = candidateScores[slot * candidateCount + c]!;
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
            else survivors.push({ partial, row: base + beam, token });
          }
        }
        search.beams = survivors.map((s) => s.partial);
        const witness = search.witness;
        if (!witness.done) {
          const row = (base + k) * witnessCandidates;
          let pick = 0;
          while (pick < witnessCandidates && witnessIds[row + pick] !== EOS_ID && repeats(witness.tokens, witnessIds[row + pick]!, guard)) pick++;
          const token = pick < witnessCandidates ? witnessIds[row + pick]! : EOS_ID;
          witness.logProb += witnessLogProbs[row + Math.min(pick, witnessCandidates - 1)]!;
          if (token !== EOS_ID) witness.tokens.push(token);
          if (token === EOS_ID || witness.tokens.length >= search.limit) {
            witness.done = true;
            search.finished.push(finish(witness, token === EOS_ID, alpha));
          }
        }
        if (witness.done && beamsExhausted(search, alpha)) return;
        stillActive.push(source);
        for (let b = 0; b < k; b++) {
          const survivor = survivors[b] ?? survivors[0];
          nextRows.push(survivor?.row ?? base);
          nextTokens.push(survivor?.token ?? EOS_ID);
        }
        if (survivors.length < k) search.beams = search.beams.slice(0, survivors.length);
        nextRows.push(base + k);
        nextTokens.push(witness.done ? EOS_ID : witness.tokens[witness.tokens.length - 1] ?? BOS_ID);
      });
      if (stillActive.length > 0) session.selectRows(Int32Array.from(nextRows));
      active = stillActive;
      prev = nextTokens;
    }
  } finally {
    session.dispose();
  }
  return searches.map((search) => bestFinished(search)!);
}
