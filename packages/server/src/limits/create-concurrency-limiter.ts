import type { Logger } from "../logging/logger.js";
import type { ConcurrencyLimiter } from "./concurrency-limiter.js";
import { RedisTenantConcurrency } from "./redis-tenant-concurrency.js";
import { TenantConcurrency } from "./tenant-concurrency.js";

/** Per process by default; shared by every gateway on the same Redis when REDIS_URL is set. */
export async function createConcurrencyLimiter(redisUrl: string | undefined, logger: Logger): Promise<ConcurrencyLimiter> {
  const limiter = redisUrl ? await RedisTenantConcurrency.create({ redisUrl, logger }) : new TenantConcurrency();
  logger.info({ store: redisUrl ? "redis" : "process" }, "tenant concurrency limiter ready");
  return limiter;
}
