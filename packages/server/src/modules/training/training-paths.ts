import path from "node:path";

/** A job's scratch space: one folder per attempt (checkpoints), removed when the job ends. */
export function jobWorkDir(dataDir: string, jobId: string): string {
  return path.join(dataDir, "training", jobId);
}

export function attemptDir(dataDir: string, jobId: string, attempt: number): string {
  return path.join(jobWorkDir(dataDir, jobId), `attempt-${attempt}`);
}

/** `<dataDir>/models/<modelId>/<version>`: a READY version's artifact. */
export function versionArtifactDir(dataDir: string, modelId: string, version: number): string {
  return path.join(dataDir, "models", modelId, String(version));
}
