import { ConcurrencyLimitedError } from "../errors/gateway-errors.js";
import type { ConcurrencyLimiter } from "./concurrency-limiter.js";

/**
 * Translate requests a tenant has running in this gateway process (the
 * default; with REDIS_URL the limit is shared, see RedisTenantConcurrency).
 * The slot is taken before any engine work and given back when the request settles.
 */
export class TenantConcurrency implements ConcurrencyLimiter {
  private readonly active = new Map<string, number>();

  async acquire(tenantId: string, limit: number): Promise<() => Promise<void>> {
    const running = this.active.get(tenantId) ?? 0;
    if (running >= limit) throw new ConcurrencyLimitedError(limit);
    this.active.set(tenantId, running + 1);
    let released = false;
    return async () => {
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

  async idle(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.active.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  }

  async close(): Promise<void> {}
}
