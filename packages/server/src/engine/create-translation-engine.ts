import type { Config } from "../config/env.js";
import type { Logger } from "../logging/logger.js";
import { createEngineRuntimeAdapter, type EngineAdapterOptions } from "./engine-runtime-adapter.js";
import { engineSubjects } from "./nats/engine-protocol.js";
import { connectToNats } from "./nats/nats-connection.js";
import { NatsTranslationEngine } from "./nats/nats-translation-engine.js";
import type { TranslationEngine } from "./translation-engine.js";

/**
 * Single machine by default: the engine runs in this process's worker threads.
 * With NATS_URL the gateway sends translations to engine worker processes
 * (`pnpm engine-worker`) through NATS instead.
 */
export async function createTranslationEngine(
  config: Config,
  logger: Logger,
  inProcess: Pick<EngineAdapterOptions, "onBatch"> = {},
): Promise<TranslationEngine> {
  if (!config.NATS_URL) {
    return createEngineRuntimeAdapter({
      ...inProcess,
      maxBatchSize: config.PARLEY_ENGINE_MAX_BATCH,
      maxWaitMs: config.PARLEY_ENGINE_MAX_WAIT_MS,
      readyTimeoutMs: config.PARLEY_ENGINE_READY_TIMEOUT_MS,
      batchTimeoutMs: config.PARLEY_ENGINE_BATCH_TIMEOUT_MS,
    });
  }
  const connection = await connectToNats(config.NATS_URL, "parley-gateway", logger);
  logger.info({ nats: config.NATS_URL, subject: config.PARLEY_NATS_SUBJECT }, "engine: worker processes through NATS");
  return new NatsTranslationEngine({
    connection,
    subjects: engineSubjects(config.PARLEY_NATS_SUBJECT),
    timeoutMs: config.PARLEY_ENGINE_TIMEOUT_MS,
    logger,
  });
}
