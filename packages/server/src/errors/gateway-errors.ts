import { GraphQLError } from "graphql";

/**
 * Every error a client can see. `extensions.code` is the stable contract the
 * SDK branches on; `extensions.http` sets the response status (Apollo strips
 * it from the body). Anything else is masked as INTERNAL_SERVER_ERROR.
 */
export type GatewayErrorCode =
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "BAD_USER_INPUT"
  | "CONFLICT"
  | "MODEL_VERSION_UNAVAILABLE"
  | "DOCUMENT_NOT_READY"
  | "RATE_LIMITED"
  | "QUOTA_EXCEEDED"
  | "CONCURRENCY_LIMITED"
  | "ENGINE_UNAVAILABLE"
  | "SERVICE_UNAVAILABLE"
  | "INTERNAL_SERVER_ERROR";

export class GatewayError extends GraphQLError {
  constructor(
    message: string,
    readonly code: GatewayErrorCode,
    readonly status: number,
    details: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ) {
    super(message, {
      extensions: { code, ...details, http: { status, headers: new Map(Object.entries(headers)) } },
    });
  }
}

export class UnauthenticatedError extends GatewayError {
  constructor(message = "A valid API key is required: send `Authorization: Bearer pk_...`.") {
    super(message, "UNAUTHENTICATED", 401, {}, { "www-authenticate": 'Bearer realm="parley"' });
  }
}

export class ForbiddenError extends GatewayError {
  constructor(message: string) {
    super(message, "FORBIDDEN", 403);
  }
}

export class NotFoundError extends GatewayError {
  constructor(message: string) {
    super(message, "NOT_FOUND", 404);
  }
}

export class BadUserInputError extends GatewayError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(message, "BAD_USER_INPUT", 400, details);
  }
}

/** The same idempotency key is in flight (or was used for a different request). */
export class ConflictError extends GatewayError {
  constructor(message: string) {
    super(message, "CONFLICT", 409);
  }
}

/** The requested version exists but cannot serve (archived, still training, failed). */
export class ModelVersionUnavailableError extends GatewayError {
  constructor(message: string, versionStatus: string) {
    super(message, "MODEL_VERSION_UNAVAILABLE", 409, { versionStatus });
  }
}

export class RateLimitedError extends GatewayError {
  constructor(retryAfterSeconds: number, limit: number) {
    super(
      `Rate limit of ${limit} requests per minute exceeded for this API key; retry in ${retryAfterSeconds}s.`,
      "RATE_LIMITED",
      429,
      { retryAfter: retryAfterSeconds },
      { "retry-after": String(retryAfterSeconds) },
    );
  }
}

/**
 * The monthly character quota is spent. 429 like Google Cloud Translation's
 * RESOURCE_EXHAUSTED (DeepL's 456 is non-standard and trips proxies), but with
 * its own code and deliberately no Retry-After: waiting seconds does not help
 * until `resetsAt`, so the SDK must not retry it (it retries RATE_LIMITED and
 * CONCURRENCY_LIMITED only).
 */
export class QuotaExceededError extends GatewayError {
  constructor(requested: number, remaining: number, resetsAt: Date) {
    super(
      `Monthly character quota exceeded: this request needs ${requested} characters, ${remaining} remain until ${resetsAt.toISOString()}.`,
      "QUOTA_EXCEEDED",
      429,
      { requested, remaining, resetsAt: resetsAt.toISOString() },
    );
  }
}

export class ConcurrencyLimitedError extends GatewayError {
  constructor(limit: number) {
    super(
      `Too many concurrent requests for this tenant (limit ${limit}); retry shortly.`,
      "CONCURRENCY_LIMITED",
      429,
      { retryAfter: 1 },
      { "retry-after": "1" },
    );
  }
}

/** No engine worker answered in time (scale-out mode); the reservation was released, nothing billed. */
export class EngineUnavailableError extends GatewayError {
  constructor(requestId: string) {
    super(
      `No translation engine answered in time; nothing was billed, retry shortly (request ${requestId}).`,
      "ENGINE_UNAVAILABLE",
      503,
      { requestId, retryAfter: 1 },
      { "retry-after": "1" },
    );
  }
}

/** A store a limit depends on (Redis) is unreachable; nothing was done or billed, retry after the delay. */
export class ServiceUnavailableError extends GatewayError {
  static readonly RETRY_AFTER_SECONDS = 5;

  constructor(dependency: string) {
    const retryAfter = ServiceUnavailableError.RETRY_AFTER_SECONDS;
    super(
      `${dependency} is unreachable, so this request cannot be limited safely; nothing was billed, retry in ${retryAfter}s.`,
      "SERVICE_UNAVAILABLE",
      503,
      { retryAfter },
      { "retry-after": String(retryAfter) },
    );
  }
}

/** PostgreSQL could not be reached (a restart or fail-over); nothing was billed, retry shortly. */
export class DatabaseUnavailableError extends GatewayError {
  constructor(requestId: string) {
    super(
      `The database is unavailable; nothing was billed, retry shortly (request ${requestId}).`,
      "SERVICE_UNAVAILABLE",
      503,
      { requestId, dependency: "database", retryAfter: 1 },
      { "retry-after": "1" },
    );
  }
}

export class InternalServerError extends GatewayError {
  constructor(requestId: string) {
    super(`Internal server error (request ${requestId}).`, "INTERNAL_SERVER_ERROR", 500, { requestId });
  }
}
