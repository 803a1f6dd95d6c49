import type { EngineModelVersion, TranslationEngine } from "../engine/translation-engine.js";
import type { Logger } from "../logging/logger.js";

/**
 * Loads versions into the engine ahead of the first request (one short translation each, in order),
 * so that a client's first call does not wait for the model to load. Runs in the background: a
 * failure is logged and the version loads on its first request instead.
 */
export async function warmEngine(engine: TranslationEngine, versions: readonly EngineModelVersion[], logger: Logger): Promise<void> {
  for (const version of versions) {
    const started = performance.now();
    try {
      await engine.translate(version, ["Hello."], { maxLength: 8 });
      logger.debug({ versionId: version.id, ms: Math.round(performance.now() - started) }, "engine: version loaded");
    } catch (error) {
      logger.warn({ err: error, versionId: version.id }, "engine: could not pre-load a version; it loads on its first request");
    }
  }
}
