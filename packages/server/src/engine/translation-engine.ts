/** A model version as the engine needs it: a stable id (cache key) and its artifact directory. */
export interface EngineModelVersion {
  id: string;
  artifactPath: string;
}

export interface EngineDecodeOptions {
  beamSize?: number;
  maxLength?: number;
  /** Terms that must come out as given: a glossary's id (the engine's cache key) and entries. */
  glossary?: { id: string; entries: readonly { source: string; target: string }[] };
}

export interface EngineTranslation {
  text: string;
  inputTokens: number;
  outputTokens: number;
}

export interface EngineStats {
  /** Requests waiting for a batch or a worker. */
  queueDepth: number;
  /** Tensors alive in the engine (should stay flat across requests). */
  liveTensors: number;
  loadedVersions: number;
}

/** What the in-process engine runs on (`/readyz`, `/metrics`, the start-up warning). */
export interface EngineBackendStatus {
  /** tfjs backend: `wasm`, `tensorflow`, `cpu`; `none` when it failed to start. */
  backend: string;
  /** Whether the native OpenBLAS kernels run (wasm backend only). */
  nativeKernels: boolean;
  /** The addon's BLAS configuration, or why the native kernels are off. */
  nativeDetail?: string;
  /** Why the backend could not start (e.g. PARLEY_REQUIRE_NATIVE=1 without the addon). */
  error?: string;
}

/** Whether the engine can serve; "degraded" (a worker failed and waits for its restart) makes /readyz 503. */
export interface EngineHealth {
  status: "ready" | "starting" | "degraded";
  reason?: string;
}

/** The gateway's only view of the inference engine. */
export interface TranslationEngine {
  /** One result per text, in order. */
  translate(version: EngineModelVersion, texts: string[], options: EngineDecodeOptions): Promise<EngineTranslation[]>;
  /** Drops a version from memory (archived versions); later requests would load it again. */
  unload(versionId: string): Promise<void>;
  stats(): EngineStats;
  /** The in-process engine's backend, once its workers are up; absent when workers run elsewhere (NATS). */
  backendStatus?(): Promise<EngineBackendStatus>;
  /** Optional: engines without one are taken as ready. */
  health?(): EngineHealth;
  close(): Promise<void>;
}
