import { ConcurrencyLimitedError } from "../errors/gateway-errors.js";

/**
 * Translate requests a tenant has running in this gateway process. The slot is
 * taken before any engine work and given back when the request settles.
 */
export class TenantConcurrency {
  private readonly active = new Map<string, number>();

  /** Takes a slot or throws CONCURRENCY_LIMITED; call the returned function once to release it. */
  acquire(tenantId: string, limit: number): () => void {
    const running = this.active.get(tenantId) ?? 0;
    if (running >= limit) throw new ConcurrencyLimitedError(limit);
    this.active.set(tenantId, running + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.active.get(tenantId) ?? 1) - 1;
      if (left === 0) this.active.delete(tenantId);
      else this.active.set(tenantId, left);
    };
  }

  running(tenantId: string): number {
    return this.active.get(tenantId) ?? 0;
  }

  /**
   * Resolves once no request holds a slot (or after `timeoutMs`). At shutdown,
   * requests whose clients went away still run to their settlement.
   */
  async idle(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.active.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
