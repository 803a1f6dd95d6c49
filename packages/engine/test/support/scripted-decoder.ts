import type { Candidates, DecodingSession, IncrementalDecoder } from "../../src/decoding/incremental-decoder.js";
import { BOS_ID } from "../../src/models/special-tokens.js";

/**
 * An IncrementalDecoder whose next-token distribution is a function of the tokens so far (BOS excluded): for testing
 * search algorithms on distributions chosen by hand. `next(prefix)` returns probabilities over the vocabulary.
 */
export function scriptedDecoder(vocabSize: number, next: (prefix: readonly number[]) => readonly number[]): IncrementalDecoder {
  return {
    vocabSize,
    maxLength: 64,
    start(sources, rowsPerSource): DecodingSession {
      let prefixes: number[][] = sources.flatMap(() => Array.from({ length: rowsPerSource }, () => [] as number[]));
      let logProbs: Float64Array[] = [];
      const best = (scores: { id: number; value: number }[], k: number): { id: number; value: number }[] =>
        scores.sort((a, b) => b.value - a.value || a.id - b.id).slice(0, k);
      const pack = (groups: { id: number; value: number }[][], k: number): Candidates => {
        const ids = new Int32Array(groups.length * k);
        const values = new Float32Array(groups.length * k).fill(-1e30);
        groups.forEach((group, g) => group.forEach((entry, j) => { ids[g * k + j] = entry.id; values[g * k + j] = entry.value; }));
        return { ids, values };
      };
      return {
        get rows() { return prefixes.length; },
        step(tokens) {
          prefixes = prefixes.map((prefix, row) => (tokens[row] === BOS_ID ? prefix : [...prefix, tokens[row]!]));
          logProbs = prefixes.map((prefix) => Float64Array.from(next(prefix), (p) => (p > 0 ? Math.log(p) : -1e30)));
        },
        topTokens(k, rows) {
          const chosen = rows ? [...rows] : prefixes.map((_, row) => row);
          return pack(chosen.map((row) => best([...logProbs[row]!].map((value, id) => ({ id, value })), k)), k);
        },
        topInGroups(groupStarts, rowScores, k) {
          const groups: { id: number; value: number }[][] = [];
          for (let g = 0; g + 1 < groupStarts.length; g++) {
            const entries: { id: number; value: number }[] = [];
            for (let row = groupStarts[g]!; row < groupStarts[g + 1]!; row++) {
              if (rowScores[row]! <= -1e29) continue;
              logProbs[row]!.forEach((lp, token) => entries.push({ id: (row - groupStarts[g]!) * vocabSize + token, value: rowScores[row]! + lp }));
            }
            groups.push(best(entries, k));
          }
          return pack(groups, k);
        },
        selectRows(rows) {
          prefixes = [...rows].map((row) => [...prefixes[row]!]);
          logProbs = [...rows].map((row) => logProbs[row]!);
        },
        dispose() {},
      };
    },
  };
}
