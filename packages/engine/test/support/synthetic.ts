import { SeededRandom } from "../../src/models/seeded-random.js";
import type { TokenPair } from "../../src/training/batching.js";

/** First id after the reserved pad/unk/bos/eos ids. */
export const FIRST_SYMBOL = 4;

/** Random sequences of `symbols` distinct ids, length in [minLength, maxLength], target = reversed source. */
export function reversalTask(count: number, options: { symbols: number; minLength: number; maxLength: number; seed: number }): TokenPair[] {
  const random = new SeededRandom(options.seed);
  return Array.from({ length: count }, () => {
    const length = options.minLength + random.nextInt(options.maxLength - options.minLength + 1);
    const source = Array.from({ length }, () => FIRST_SYMBOL + random.nextInt(options.symbols));
    return { source, target: [...source].reverse() };
  });
}

export function exactMatchRate(outputs: readonly (readonly number[])[], pairs: readonly TokenPair[]): number {
  const hits = pairs.filter((p, i) => JSON.stringify(outputs[i]) === JSON.stringify(p.target)).length;
  return hits / pairs.length;
}
