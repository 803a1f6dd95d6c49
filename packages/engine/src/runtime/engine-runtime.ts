import { BatchScheduler } from "./batch-scheduler.js";
import type { BackendStatus, ModelVersionRef, TranslationResult } from "./messages.js";
import type { DecodeOptions } from "./types.js";
import { WorkerPool } from "./worker-pool.js";
import { checkBackendName } from "../backend/backend-names.js";
import { defaultWorkerSupervision, type EngineHealth, type WorkerSupervisionOptions } from "./worker-supervision.js";

export interface EngineRuntimeOptions {
  /** Inference threads; each holds its own loaded versions. */
  workers?: number;
  /** Texts per batch sent to a worker. */
  maxBatchSize?: number;
  /** How long a request waits at most for others to join its batch while every worker is busy (idle: not at all). */
  maxWaitMs?: number;
  /** Bound on the artifact bytes each worker keeps loaded. */
  maxModelBytes?: number;
  /** Called with the size of every batch sent (metrics). */
  onBatch?: (size: number) => void;
  /** Worker start-up limit, batch timeout and restart backoff (defaults: defaultWorkerSupervision). */
  supervision?: Partial<WorkerSupervisionOptions>;
}

interface BatchKey {
  version: ModelVersionRef;
  options: DecodeOptions;
}

/**
 * The serving side of the engine: batches concurrent requests per model
 * version and decoding options, and runs them on worker threads.
 */
export class EngineRuntime {
  private readonly pool: WorkerPool;
  private readonly scheduler: BatchScheduler<BatchKey, string, TranslationResult>;

  /** Throws at once on an unknown PARLEY_BACKEND, which no worker could start with. */
  constructor(options: EngineRuntimeOptions = {}) {
    checkBackendName(process.env["PARLEY_BACKEND"]);
    const supervision = { ...defaultWorkerSupervision, ...options.supervision };
    const workers = options.workers ?? 1;
    this.pool = new WorkerPool(workers, options.maxModelBytes ?? 2 * 1024 ** 3, supervision);
    this.scheduler = new BatchScheduler(
      // One batch per worker runs at a time; the next gathers while they work.
      { maxBatchItems: options.maxBatchSize ?? 32, maxWaitMs: options.maxWaitMs ?? 5, maxInFlight: workers },
      (key, texts) => this.pool.translate(key.version, texts, key.options),
      (key) => `${key.version.id}|${key.options.beamSize ?? 1}|${key.options.maxLength ?? ""}|${key.options.glossary?.id ?? ""}`,
      options.onBatch,
    );
  }

  backend(): Promise<string> {
    return this.pool.backend();
  }

  /** The workers' backend, whether the native kernels run, and why not (or why the backend failed). */
  backendStatus(): Promise<BackendStatus> {
    return this.pool.backendStatus();
  }

  /** "ready", "starting" (first start under way) or "degraded" (a worker failed; with the reason). */
  health(): EngineHealth {
    return this.pool.health();
  }

  translate(version: ModelVersionRef, texts: string[], options: DecodeOptions = {}): Promise<TranslationResult[]> {
    return this.scheduler.submit({ version, options }, texts);
  }

  /** Drops a version from every worker; requests already running finish first. */
  unload(versionId: string): Promise<void> {
    return this.pool.unload(versionId);
  }

  stats(): { queueDepth: number; liveTensors: number; loadedVersions: number } {
    return { queueDepth: this.scheduler.queueDepth, ...this.pool.stats() };
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
