import { setTimeout as sleep } from "node:timers/promises";
import type { TranslationEngine } from "@parley/server";

/**
 * An engine that answers each text upper-cased after `delayMs`: for tests of the gateway's billing and
 * shutdown, where the model does not matter and the time a translation takes must be known.
 */
export function createDelayedEngine(delayMs: number): TranslationEngine {
  let running = 0;
  return {
    async translate(_version, texts) {
      running += 1;
      try {
        await sleep(delayMs);
        return texts.map((text) => ({ text: text.toUpperCase(), inputTokens: 1, outputTokens: 1 }));
      } finally {
        running -= 1;
      }
    },
    async unload() {},
    stats: () => ({ queueDepth: running, liveTensors: 0, loadedVersions: 1 }),
    async close() {},
  };
}
