import type { Redis } from "ioredis";
import {
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRedis,
  type RateLimiterAbstract,
  type RateLimiterRes,
} from "rate-limiter-flexible";
import type { SqlPool } from "../db/sql-pool.js";
import { RateLimitedError } from "../errors/gateway-errors.js";
import { createLogger, type Logger } from "../logging/logger.js";
import { KeyedBatchQueue } from "./keyed-batch-queue.js";
import { connectToRedis } from "./redis-connection.js";

/** A window's count after one request, and the time until it resets. */
interface Consumption {
  consumedPoints: number;
  msBeforeNext: number;
}

/** What the x-ratelimit-* headers report. */
export interface RateLimitState {
  limit: number;
  remaining: number;
  /** Seconds until the window resets. */
  resetSeconds: number;
}

const WINDOW_SECONDS = 60;
const TABLE = "parley_rate_limits";
/**
 * One counter per key and minute. The store never refuses by itself (its
 * ceiling is unreachable): the tenant's own limit is compared here, so a
 * changed limit applies to the very next request.
 */
const STORE_CEILING = 1_000_000_000;

/**
 * Per-API-key requests-per-minute in a store every gateway shares: Redis when
 * REDIS_URL is set, else a table in the gateway's own PostgreSQL (created by
 * rate-limiter-flexible on first use, so it needs no migration).
 *
 * When the store is unreachable the limit fails open to a per-gateway window in
 * memory (rate-limiter-flexible's insurance limiter): each gateway still holds
 * a key to its limit, so a store outage neither stops all traffic nor lifts the
 * limit; spend stays bounded by the quota in PostgreSQL.
 *
 * Concurrent requests of one key are counted together (KeyedBatchQueue): those arriving while the key's count is
 * being written add up in one `consume(key, n)`, and request i of the n gets the count it would have had alone
 * (the same outcomes as n consumes in a row, one round trip).
 */
export class KeyRateLimiter {
  readonly #consumptions = new KeyedBatchQueue<null, Consumption>((apiKeyId, requests) => this.#consumeTogether(apiKeyId, requests.length));

  private constructor(
    private readonly limiter: RateLimiterAbstract,
    private readonly closeStore: () => Promise<void>,
    readonly storeName: "redis" | "postgres",
  ) {}

  /** With REDIS_URL the limiter owns its Redis connection; the pg pool stays the caller's. */
  static async create(options: { redisUrl?: string | undefined; sql: SqlPool; logger?: Logger }): Promise<KeyRateLimiter> {
    const insuranceLimiter = new RateLimiterMemory({ points: STORE_CEILING, duration: WINDOW_SECONDS, keyPrefix: "rpm" });
    const base = { points: STORE_CEILING, duration: WINDOW_SECONDS, keyPrefix: "rpm", insuranceLimiter };
    if (options.redisUrl) {
      const redis: Redis = await connectToRedis(options.redisUrl, "parley-rate-limits", options.logger ?? createLogger("silent"));
      return new KeyRateLimiter(
        new RateLimiterRedis({ ...base, storeClient: redis, rejectIfRedisNotReady: true }),
        async () => void (await redis.quit().catch(() => redis.disconnect())),
        "redis",
      );
    }
    const limiter = await new Promise<RateLimiterPostgres>((resolve, reject) => {
      const created: RateLimiterPostgres = new RateLimiterPostgres(
        { ...base, storeClient: options.sql, storeType: "pool", tableName: TABLE, clearExpiredByTimeout: false },
        (error?: Error) => (error ? reject(error) : resolve(created)),
      );
    });
    return new KeyRateLimiter(limiter, async () => undefined, "postgres");
  }

  /** Counts one request; throws RATE_LIMITED (with Retry-After) past the limit. */
  async consume(apiKeyId: string, perMinute: number): Promise<RateLimitState> {
    const result = await this.#consumptions.submit(apiKeyId, null);
    const state = toState(result, perMinute);
    if (result.consumedPoints > perMinute) throw new RateLimitedError(Math.max(1, state.resetSeconds), perMinute);
    return state;
  }

  async #consumeTogether(apiKeyId: string, count: number): Promise<Consumption[]> {
    const { consumedPoints, msBeforeNext } = await this.limiter.consume(apiKeyId, count);
    return Array.from({ length: count }, (_, index) => ({ consumedPoints: consumedPoints - (count - 1 - index), msBeforeNext }));
  }

  /** The current window without counting a request. */
  async peek(apiKeyId: string, perMinute: number): Promise<RateLimitState> {
    const result = await this.limiter.get(apiKeyId);
    return result ? toState(result, perMinute) : { limit: perMinute, remaining: perMinute, resetSeconds: WINDOW_SECONDS };
  }

  close(): Promise<void> {
    return this.closeStore();
  }
}

function toState(result: Consumption, perMinute: number): RateLimitState {
  return {
    limit: perMinute,
    remaining: Math.max(0, perMinute - result.consumedPoints),
    resetSeconds: Math.ceil(result.msBeforeNext / 1000),
  };
}
