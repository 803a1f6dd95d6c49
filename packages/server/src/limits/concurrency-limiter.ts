/** Caps the translate requests a tenant has running at once. */
export interface ConcurrencyLimiter {
  /** Takes a slot or throws CONCURRENCY_LIMITED; call the returned function once to give it back (it never throws). */
  acquire(tenantId: string, limit: number): Promise<() => Promise<void>>;
  /**
   * Resolves once this process holds no slot (or after `timeoutMs`). At
   * shutdown, requests whose clients went away still run to their settlement.
   */
  idle(timeoutMs: number): Promise<void>;
  close(): Promise<void>;
  /** For /readyz when the limiter depends on a store (Redis): whether it answers now. */
  ping?(timeoutMs?: number): Promise<boolean>;
}
