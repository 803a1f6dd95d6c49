/**
 * Keeps decoding out of degenerate loops ("une une une une …"): a candidate token is refused when it would make
 * the same token appear more than `maxRun` times in a row, or repeat an n-gram of `noRepeatNgram` tokens already in
 * the output (the "no_repeat_ngram_size" of fairseq and Hugging Face generation, Paulus et al. 2017). EOS is never
 * refused, so a row can always end.
 */
export interface RepetitionGuard {
  /** Longest run of one token; 0 turns the rule off. */
  maxRun: number;
  /** n of the n-grams that may not repeat; 0 turns the rule off. */
  noRepeatNgram: number;
}

export const defaultRepetitionGuard: RepetitionGuard = { maxRun: 3, noRepeatNgram: 4 };
export const noRepetitionGuard: RepetitionGuard = { maxRun: 0, noRepeatNgram: 0 };

/** Candidates looked at per row before giving up and ending the row. */
export const GUARD_CANDIDATES = 8;

/** True when appending `next` to `tokens` breaks a rule of `guard`. */
export function repeats(tokens: readonly number[], next: number, guard: RepetitionGuard): boolean {
  const length = tokens.length;
  if (guard.maxRun > 0 && length >= guard.maxRun) {
    let run = 0;
    while (run < guard.maxRun && tokens[length - 1 - run] === next) run++;
    if (run === guard.maxRun) return true;
  }
  const n = guard.noRepeatNgram;
  if (n > 0 && length >= n) {
    // The new n-gram is tokens[length-n+1 .. length-1] + next; look for it at every earlier start.
    outer: for (let start = 0; start + n <= length; start++) {
      if (tokens[start + n - 1] !== next) continue;
      for (let j = 0; j < n - 1; j++) if (tokens[start + j] !== tokens[length - n + 1 + j]) continue outer;
      return true;
    }
  }
  return false;
}
