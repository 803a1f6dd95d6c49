import type { Redis } from "ioredis";
import { ConcurrencyLimitedError, ServiceUnavailableError } from "../errors/gateway-errors.js";
import type { Logger } from "../logging/logger.js";
import type { ConcurrencyLimiter } from "./concurrency-limiter.js";
import { connectToRedis } from "./redis-connection.js";
import { TolerantSemaphore } from "./tolerant-semaphore.js";

/** A translation refreshes its slot every third of this; a gateway that dies loses its slots after it. */
const DEFAULT_LEASE_MS = 30_000;

/**
 * One per-tenant limit shared by every gateway on the same Redis: each slot is
 * a lease in a sorted set (redis-semaphore), refreshed while the request runs,
 * so a crashed gateway's slots free themselves when their lease ends. Leases
 * are stamped with the gateways' clocks, which must agree (NTP) to well under the lease.
 *
 * Redis unreachable: fails closed, SERVICE_UNAVAILABLE (503, Retry-After). The
 * limit shares the engine between tenants; counting per gateway instead would
 * let one tenant take every gateway's slots at once, and the outage is visible
 * in /readyz.
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
    const redis = await connectToRedis(options.redisUrl, "parley-tenant-concurrency", options.logger);
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
    let acquired: boolean;
    try {
      acquired = await slot.tryAcquire();
    } catch (error) {
      this.logger.warn({ err: error, tenantId }, "Redis unreachable: concurrency slot refused");
      throw new ServiceUnavailableError("Redis");
    }
    if (!acquired) throw new ConcurrencyLimitedError(limit);
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
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  /** For /readyz: whether Redis answers a PING within `timeoutMs`. */
  async ping(timeoutMs = 1_000): Promise<boolean> {
    const timeout = new Promise<boolean>((resolve) => setTimeout(resolve, timeoutMs, false).unref());
    return Promise.race([this.redis.ping().then(() => true, () => false), timeout]);
  }
}
