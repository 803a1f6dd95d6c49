import type { DecodeOptions } from "./types.js";

export interface ModelVersionRef {
  /** Stable id of the version (cache key). */
  id: string;
  /** Directory of the version's artifact. */
  artifactPath: string;
}

export interface TranslationResult {
  text: string;
  inputTokens: number;
  outputTokens: number;
}

/** What an inference worker runs on; `error` when its backend could not start (every request then fails). */
export interface BackendStatus {
  backend: string;
  /** Whether the native OpenBLAS kernels run. */
  nativeKernels: boolean;
  /** The addon's BLAS configuration, or why the native kernels are off (wasm backend only). */
  nativeDetail?: string;
  error?: string;
}

export type WorkerRequest =
  | { type: "translate"; id: number; version: ModelVersionRef; texts: string[]; options: DecodeOptions }
  | { type: "unload"; id: number; versionId: string };

export type WorkerReply =
  | ({ type: "ready" } & BackendStatus)
  | { type: "done"; id: number; results: TranslationResult[]; liveTensors: number; loadedVersions: number }
  | { type: "failed"; id: number; message: string; code?: string; liveTensors: number; loadedVersions: number };
