import { setTimeout as sleep } from "node:timers/promises";

/** How long a ledger write is retried: long enough for a PostgreSQL restart or fail-over. */
export const LEDGER_RETRY_BUDGET_MS = 15_000;

/**
 * Runs `operation` until it succeeds, backing off 100 ms doubling to 2 s, for at most `budgetMs`; then
 * throws its last error. For idempotent writes (the ledger's status-guarded updates) only.
 */
export async function retryTransient<T>(operation: () => Promise<T>, budgetMs = LEDGER_RETRY_BUDGET_MS): Promise<T> {
  const deadline = Date.now() + budgetMs;
  for (let delay = 100; ; delay = Math.min(delay * 2, 2_000)) {
    try {
      return await operation();
    } catch (error) {
      if (Date.now() + delay > deadline) throw error;
      await sleep(delay);
    }
  }
}
