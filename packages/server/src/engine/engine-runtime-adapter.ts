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

/** What the gateway uses of `@parley/engine`, checked at run time. */
export interface LoadedTranslationModel {
  translate(texts: string[], options: EngineDecodeOptions): Promise<EngineTranslation[]>;
  dispose(): void | Promise<void>;
}

interface EngineRuntimeLike {
  translate(version: EngineModelVersion, texts: string[], options: EngineDecodeOptions): Promise<EngineTranslation[]>;
  unload(versionId: string): Promise<void>;
  stats(): EngineStats;
  backendStatus?(): Promise<EngineBackendStatus>;
  health?(): EngineHealth;
  close(): Promise<void>;
}

export interface EngineModule {
  TranslationModel?: { load(dir: string): Promise<LoadedTranslationModel> };
  /** The engine's batching runtime on worker threads, preferred when exported. */
  EngineRuntime?: new (options: {
    maxBatchSize?: number;
    maxWaitMs?: number;
    onBatch?: (size: number) => void;
    supervision?: { readyTimeoutMs?: number; batchTimeoutMs?: number };
  }) => EngineRuntimeLike;
  /** Optional: tensors alive in this thread (tfjs `memory().numTensors`). */
  liveTensors?: () => number;
}

export interface EngineAdapterOptions {
  maxBatchSize: number;
  maxWaitMs: number;
  /** A worker not ready within this is restarted (with backoff); PARLEY_ENGINE_READY_TIMEOUT_MS. */
  readyTimeoutMs?: number;
  /** A batch not answered within this fails and its worker is restarted; PARLEY_ENGINE_BATCH_TIMEOUT_MS. */
  batchTimeoutMs?: number;
  /** Size of every batch the engine runs (metrics). */
  onBatch?: (size: number) => void;
  /** How to load the engine; the default imports `@parley/engine`. */
  importEngine?: () => Promise<EngineModule>;
}

const ENGINE_PACKAGE = "@parley/engine";

/** The production engine: `@parley/engine` behind the gateway's interface. */
export async function createEngineRuntimeAdapter(options: EngineAdapterOptions): Promise<TranslationEngine> {
  const importEngine = options.importEngine ?? (() => import(ENGINE_PACKAGE) as Promise<EngineModule>);
  const engine = await importEngine().catch((error: Error) => {
    throw new StartupError(`cannot load the translation engine (${ENGINE_PACKAGE}): ${error.message}`);
  });
  if (engine.EngineRuntime) {
    const supervision = {
      ...(options.readyTimeoutMs !== undefined ? { readyTimeoutMs: options.readyTimeoutMs } : {}),
      ...(options.batchTimeoutMs !== undefined ? { batchTimeoutMs: options.batchTimeoutMs } : {}),
    };
    let runtime: EngineRuntimeLike;
    try {
      runtime = new engine.EngineRuntime({
        maxBatchSize: options.maxBatchSize,
        maxWaitMs: options.maxWaitMs,
        supervision,
        ...(options.onBatch ? { onBatch: options.onBatch } : {}),
      });
    } catch (error) {
      throw new StartupError(`cannot start the translation engine: ${(error as Error).message}`);
    }
    return new RuntimeEngine(runtime);
  }
  if (engine.TranslationModel) return new InProcessEngine(engine, options.onBatch);
  throw new Error(`${ENGINE_PACKAGE} exports neither EngineRuntime nor TranslationModel`);
}

/**
 * The engine's batching runtime as the gateway's TranslationEngine: a worker that is down or a
 * batch that timed out (the engine's EngineUnavailableError) becomes EngineUnavailable (503, nothing billed).
 */
class RuntimeEngine implements TranslationEngine {
  constructor(private readonly runtime: EngineRuntimeLike) {}

  async translate(version: EngineModelVersion, texts: string[], options: EngineDecodeOptions): Promise<EngineTranslation[]> {
    try {
      return await this.runtime.translate(version, texts, options);
    } catch (error) {
      if ((error as Error).name === "EngineUnavailableError") throw new EngineUnavailable((error as Error).message, { cause: error });
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
    return this.runtime.health?.() ?? { status: "ready" };
  }

  /** The workers' backend and native kernels status (/readyz, /metrics, the start-up warning). */
  backendStatus(): Promise<EngineBackendStatus> {
    return this.runtime.backendStatus?.() ?? Promise.reject(new Error("this engine reports no backend"));
  }

  close(): Promise<void> {
    return this.runtime.close();
  }
}

/**
 * Fallback without the batching runtime: loads each version once, in this
 * thread, and runs every request as its own batch.
 */
class InProcessEngine implements TranslationEngine {
  private readonly models = new Map<string, Promise<LoadedTranslationModel>>();
  private pending = 0;

  constructor(
    private readonly engine: EngineModule,
    private readonly onBatch?: (size: number) => void,
  ) {}

  async translate(version: EngineModelVersion, texts: string[], options: EngineDecodeOptions): Promise<EngineTranslation[]> {
    this.pending += 1;
    try {
      const model = await this.load(version);
      this.onBatch?.(texts.length);
      const results = await model.translate(texts, options);
      if (results.length !== texts.length) {
        throw new Error(`engine returned ${results.length} translations for ${texts.length} texts`);
      }
      return results;
    } finally {
      this.pending -= 1;
    }
  }

  private load(version: EngineModelVersion): Promise<LoadedTranslationModel> {
    let model = this.models.get(version.id);
    if (!model) {
      model = this.engine.TranslationModel!.load(version.artifactPath);
      this.models.set(version.id, model);
      // A failed load is not cached: the next request tries again.
      model.catch(() => this.models.delete(version.id));
    }
    return model;
  }

  async unload(versionId: string): Promise<void> {
    const model = this.models.get(versionId);
    this.models.delete(versionId);
    if (model) await (await model.catch(() => undefined))?.dispose();
  }

  stats(): EngineStats {
    return {
      queueDepth: this.pending,
      liveTensors: this.engine.liveTensors?.() ?? 0,
      loadedVersions: this.models.size,
    };
  }

  async close(): Promise<void> {
    await Promise.all([...this.models.keys()].map((id) => this.unload(id)));
  }
}
