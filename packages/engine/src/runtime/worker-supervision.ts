/** How the pool restarts a failing worker and how long it waits for one. */
export interface WorkerSupervisionOptions {
  /** A worker that has not said "ready" within this time is stopped and counts as failed. */
  readyTimeoutMs: number;
  /** A batch without an answer within this time fails; its worker is stopped and replaced. */
  batchTimeoutMs: number;
  /** Delay before the first restart after a failure; doubles with each failure in a row... */
  restartBaseDelayMs: number;
  /** ...up to this. */
  restartMaxDelayMs: number;
}

export const defaultWorkerSupervision: WorkerSupervisionOptions = {
  readyTimeoutMs: 120_000,
  batchTimeoutMs: 120_000,
  restartBaseDelayMs: 1_000,
  restartMaxDelayMs: 60_000,
};

/** The delay before restarting a worker after `failures` failures in a row (1, 2, 4, ... capped). */
export function restartDelayMs(failures: number, options: Pick<WorkerSupervisionOptions, "restartBaseDelayMs" | "restartMaxDelayMs">): number {
  const exponent = Math.max(0, Math.min(failures - 1, 30));
  return Math.min(options.restartMaxDelayMs, options.restartBaseDelayMs * 2 ** exponent);
}

/**
 * Whether the engine can serve: "ready" when every worker is up, "starting" while the first start
 * is under way, "degraded" when a worker failed and waits for its restart (with the last failure).
 */
export interface EngineHealth {
  status: "ready" | "starting" | "degraded";
  /** The last failure of a worker that is not up, when degraded. */
  reason?: string;
  /** Failures in a row of the worst worker (0 when all are up). */
  consecutiveFailures: number;
}

/** Raised for requests the engine cannot take: its worker is down, or the batch timed out. */
export class EngineUnavailableError extends Error {
  override readonly name = "EngineUnavailableError";
}
