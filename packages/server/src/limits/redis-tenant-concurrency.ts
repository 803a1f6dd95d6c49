import { Redis } from "ioredis";
import { ConcurrencyLimitedError } from "../errors/gateway-errors.js";
import type { Logger } from "../logging/logger.js";
import type { ConcurrencyLimiter } from "./concurrency-limiter.js";
import { TolerantSemaphore } from "./tolerant-semaphore.js";

/** A translation refreshes its slot every third of this; a gateway that dies loses its slots after it. */
const DEFAULT_LEASE_MS = 30_000;

/**
 * One per-tenant limit shared by every gateway on the same Redis: each slot is
 * a lease in a sorted set (redis-semaphore), refreshed while the request runs,
 * so a crashed gateway's slots free themselves when their lease ends. Leases
 * are stamped with the gateways' clocks, which must agree (NTP) to well under the lease.
 */
export class RedisTenantConcurrency implements ConcurrencyLimiter {
  private readonly held = new Set<TolerantSemaphore>();

  private constructor(
    private readonly redis: Redis,
    private readonly logger: Logger,
    private readonly leaseMs: number,
  ) {}

  /** Owns its Redis connection. */
  static async create(options: { redisUrl: string; logger: Logger; leaseMs?: number }): Promise<RedisTenantConcurrency> {
    const redis = new Redis(options.redisUrl, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    await redis.connect();
    return new RedisTenantConcurrency(redis, options.logger, options.leaseMs ?? DEFAULT_LEASE_MS);
  }

  async acquire(tenantId: string, limit: number): Promise<() => Promise<void>> {
    const slot = new TolerantSemaphore(this.redis, `parley:tenant-concurrency:${tenantId}`, limit, {
      lockTimeout: this.leaseMs,
      refreshInterval: Math.round(this.leaseMs / 3),
      acquireAttemptsLimit: 1,
      retryInterval: 0,
      onLockLost: (error) => this.logger.warn({ err: error, tenantId }, "a concurrency lease expired before its request ended"),
    });
    slot.onRefreshError = (error) => this.logger.warn({ err: error, tenantId }, "could not refresh a concurrency lease");
    if (!(await slot.tryAcquire())) throw new ConcurrencyLimitedError(limit);
    this.held.add(slot);
    return async () => {
      if (!this.held.delete(slot)) return;
      await slot.release().catch((error: unknown) => {
        this.logger.warn({ err: error, tenantId }, "could not release a concurrency lease; it expires by itself");
      });
    };
  }

  async idle(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.held.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  }

  /** Slots still held stop being refreshed, so their leases end by themselves. */
  async close(): Promise<void> {
    for (const slot of this.held) slot.stopRefresh();
    await this.redis.quit();
  }
}
