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

export type WorkerRequest =
  | { type: "translate"; id: number; version: ModelVersionRef; texts: string[]; options: DecodeOptions }
  | { type: "unload"; id: number; versionId: string };

export type WorkerReply =
  | { type: "ready"; backend: string }
  | { type: "done"; id: number; results: TranslationResult[]; liveTensors: number; loadedVersions: number }
  | { type: "failed"; id: number; message: string; liveTensors: number; loadedVersions: number };
