import type { TranslationEngine } from "@parley/server";

/**
 * A trivial engine (reverses word order, counts words as tokens), so the bench
 * measures the gateway — auth, limits, ledger, GraphQL — and not a model.
 */
export function createEchoEngine(): TranslationEngine {
  let running = 0;
  return {
    async translate(_version, texts) {
      running += 1;
      try {
        return texts.map((text) => {
          const words = text.split(/\s+/).filter(Boolean);
          return { text: [...words].reverse().join(" "), inputTokens: words.length + 1, outputTokens: words.length + 1 };
        });
      } finally {
        running -= 1;
      }
    },
    async unload() {},
    stats: () => ({ queueDepth: running, liveTensors: 0, loadedVersions: 1 }),
    async close() {},
  };
}
