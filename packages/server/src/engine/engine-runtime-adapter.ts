import { EngineRuntime, EngineUnavailableError } from "@parley/engine";
import { StartupError } from "../startup-error.js";
import { EngineUnavailable } from "./engine-unavailable.js";
import type {
  EngineBackendStatus,
  EngineDecodeOptions,
  EngineHealth,
  EngineModelVersion,
  EngineStats,
  EngineTranslation,
  TranslationEngine,
} from "./translation-engine.js";

export interface EngineAdapterOptions {
  maxBatchSize: number;
  maxWaitMs: number;
  /** A worker not ready within this is restarted (with backoff); PARLEY_ENGINE_READY_TIMEOUT_MS. */
  readyTimeoutMs?: number;
  /** A batch not answered within this fails and its worker is restarted; PARLEY_ENGINE_BATCH_TIMEOUT_MS. */
  batchTimeoutMs?: number;
  /** Size of every batch the engine runs (metrics). */
  onBatch?: (size: number) => void;
}

/** The production engine: `@parley/engine`'s batching runtime on worker threads, behind the gateway's interface. */
export async function createEngineRuntimeAdapter(options: EngineAdapterOptions): Promise<TranslationEngine> {
  const supervision = {
    ...(options.readyTimeoutMs !== undefined ? { readyTimeoutMs: options.readyTimeoutMs } : {}),
    ...(options.batchTimeoutMs !== undefined ? { batchTimeoutMs: options.batchTimeoutMs } : {}),
  };
  try {
    return new RuntimeEngine(
      new EngineRuntime({
        maxBatchSize: options.maxBatchSize,
        maxWaitMs: options.maxWaitMs,
        supervision,
        ...(options.onBatch ? { onBatch: options.onBatch } : {}),
      }),
    );
  } catch (error) {
    throw new StartupError(`cannot start the translation engine: ${(error as Error).message}`);
  }
}

/**
 * The engine's batching runtime as the gateway's TranslationEngine: a worker that is down or a
 * batch that timed out (the engine's EngineUnavailableError) becomes EngineUnavailable (503, nothing billed).
 */
class RuntimeEngine implements TranslationEngine {
  constructor(private readonly runtime: EngineRuntime) {}

  async translate(version: EngineModelVersion, texts: string[], options: EngineDecodeOptions): Promise<EngineTranslation[]> {
    try {
      return await this.runtime.translate(version, texts, options);
    } catch (error) {
      if (error instanceof EngineUnavailableError) throw new EngineUnavailable(error.message, { cause: error });
      throw error;
    }
  }

  unload(versionId: string): Promise<void> {
    return this.runtime.unload(versionId);
  }

  stats(): EngineStats {
    return this.runtime.stats();
  }

  health(): EngineHealth {
    return this.runtime.health();
  }

  /** The workers' backend and native kernels status (/readyz, /metrics, the start-up warning). */
  backendStatus(): Promise<EngineBackendStatus> {
    return this.runtime.backendStatus();
  }

  close(): Promise<void> {
    return this.runtime.close();
  }
}
