import type { Caller } from "../auth/authenticate.js";
import type { Authenticator } from "../auth/authenticator.js";
import type { CacheInvalidation } from "../cache/cache-invalidation.js";
import type { Config } from "../config/env.js";
import type { Database } from "../db/client.js";
import type { SqlPools } from "../db/sql-pool.js";
import type { TranslationEngine } from "../engine/translation-engine.js";
import type { GatewayError } from "../errors/gateway-errors.js";
import type { KeyRateLimiter, RateLimitState } from "../limits/key-rate-limiter.js";
import type { ConcurrencyLimiter } from "../limits/concurrency-limiter.js";
import type { OpenReservations } from "../limits/held-reservation.js";
import type { UsageLedger } from "../limits/usage-ledger.js";
import type { ResponseDelivery } from "../http/response-delivery.js";
import type { Logger } from "../logging/logger.js";
import type { LanguagePairs } from "../modules/languages/language-pair-cache.js";
import type { RunnerControl } from "../modules/training/training-service.js";
import type { ServingVersions } from "../modules/translate/serving-versions.js";
import type { GatewayMetrics } from "../observability/metrics.js";
import type { Loaders } from "./loaders.js";

/** Long-lived collaborators, one set per gateway. */
export interface GatewayServices {
  readonly config: Config;
  readonly prisma: Database;
  /** pg pools for the translate hot path and the rate limiter. */
  readonly sql: SqlPools;
  readonly engine: TranslationEngine;
  readonly logger: Logger;
  /** Flushes this gateway's caches on writes to keys, tenants and models (LISTEN/NOTIFY), and `sync()` for exact reads. */
  readonly invalidation: CacheInvalidation;
  /** API keys, cached. */
  readonly authenticator: Authenticator;
  /** Model name → serving version, cached. */
  readonly servingVersions: ServingVersions;
  /** The language pairs of each tenant, cached. */
  readonly languagePairs: LanguagePairs;
  readonly metrics: GatewayMetrics;
  readonly rateLimiter: KeyRateLimiter;
  readonly concurrency: ConcurrencyLimiter;
  readonly ledger: UsageLedger;
  /** Reservations this gateway holds: renewed while held, released at shutdown if their answers are undelivered. */
  readonly reservations: OpenReservations;
  /** This process's training job runner, when it runs one: queued jobs start at once, cancels kill at once. */
  readonly trainingRunner?: RunnerControl;
}

/** Per request. */
export interface GatewayContext {
  readonly requestId: string;
  readonly logger: Logger;
  readonly services: GatewayServices;
  /** Null when the request carried no key (introspection, or UNAUTHENTICATED later). */
  readonly caller: Caller | null;
  /** A presented key that failed; raised once the operation is known, so it is logged and counted. */
  readonly authError: GatewayError | undefined;
  /** The HTTP response's delivery, watched so translations are billed only once delivered. */
  readonly delivery?: ResponseDelivery;
  /** The request's `Idempotency-Key` header: translate's idempotency key when its input has none. */
  readonly idempotencyKey?: string | undefined;
  /** The key's rate-limit window, for the x-ratelimit-* headers. */
  rateLimit: RateLimitState | undefined;
  /** Set once this operation has counted against the key's rate limit, so nothing counts it twice. */
  rateLimitCounted?: boolean;
  /** The operation is a lone translate, which counts itself after validating its input. */
  rateLimitDeferred?: boolean;
  /** Batch loaders of this request (models, versions, labels): see loaders.ts. */
  readonly loaders: Loaders;
}

export type ViewerParent = Caller;

export interface QuotaStatusParent {
  limit: bigint;
  used: bigint;
  resetsAt: Date;
  trainingMinutesLimit: number;
  trainingSeconds: number;
}
