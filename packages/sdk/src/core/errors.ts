/** One entry of a GraphQL `errors` array (REST error bodies are normalised to the same shape). */
export interface GraphQLErrorItem {
  message: string;
  path?: ReadonlyArray<string | number>;
  extensions?: Record<string, unknown>;
}

export interface APIErrorInit {
  status?: number | undefined;
  code?: string | undefined;
  headers?: Headers | undefined;
  errors?: GraphQLErrorItem[] | undefined;
  body?: unknown;
  cause?: unknown;
}

/** Base of every error this SDK throws. */
export class ParleyError extends Error {
  override name = "ParleyError";
}

/** The API answered with an error, or could not be reached. */
export class APIError extends ParleyError {
  override name = "APIError";
  /** The HTTP status, if a response arrived (GraphQL errors may come with 200). */
  readonly status: number | undefined;
  /** `extensions.code` of the first GraphQL error (or the REST error code). */
  readonly code: string | undefined;
  /** The gateway's `x-request-id`: quote it when reporting a problem. */
  readonly requestId: string | undefined;
  readonly headers: Headers | undefined;
  readonly errors: GraphQLErrorItem[];
  readonly body: unknown;

  constructor(message: string, init: APIErrorInit = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.status = init.status;
    this.code = init.code;
    this.headers = init.headers;
    this.requestId = init.headers?.get("x-request-id") ?? undefined;
    this.errors = init.errors ?? [];
    this.body = init.body;
  }
}

export class BadRequestError extends APIError {
  override name = "BadRequestError";
}

export class AuthenticationError extends APIError {
  override name = "AuthenticationError";
}

export class PermissionDeniedError extends APIError {
  override name = "PermissionDeniedError";
}

export class NotFoundError extends APIError {
  override name = "NotFoundError";
}

export class ConflictError extends APIError {
  override name = "ConflictError";
}

export class RateLimitError extends APIError {
  override name = "RateLimitError";
  /** Seconds the gateway asked to wait (Retry-After or `extensions.retryAfter`). */
  readonly retryAfter: number | undefined;

  constructor(message: string, init: APIErrorInit & { retryAfter?: number | undefined } = {}) {
    super(message, init);
    this.retryAfter = init.retryAfter;
  }
}

interface QuotaDetails {
  limit?: number | undefined;
  used?: number | undefined;
  requested?: number | undefined;
  remaining?: number | undefined;
  resetsAt?: string | undefined;
}

/** The tenant's monthly character quota is spent. Never retried: it only resets at `resetsAt`. */
export class QuotaExceededError extends APIError {
  override name = "QuotaExceededError";
  /** The monthly quota and what is used of it, when the gateway reports them. */
  readonly limit: number | undefined;
  readonly used: number | undefined;
  /** Characters the refused request needed, and what was left. */
  readonly requested: number | undefined;
  readonly remaining: number | undefined;
  /** ISO-8601 date-time at which the quota resets. */
  readonly resetsAt: string | undefined;

  constructor(message: string, init: APIErrorInit & QuotaDetails = {}) {
    super(message, init);
    this.limit = init.limit;
    this.used = init.used;
    this.requested = init.requested;
    this.remaining = init.remaining;
    this.resetsAt = init.resetsAt;
  }
}

export class InternalServerError extends APIError {
  override name = "InternalServerError";
}

/** No response: DNS, refused or reset connection, TLS failure. */
export class APIConnectionError extends APIError {
  override name = "APIConnectionError";

  constructor(message = "Connection error.", init: APIErrorInit = {}) {
    super(message, init);
  }
}

/** No complete response within the request's timeout. */
export class APITimeoutError extends APIConnectionError {
  override name = "APITimeoutError";

  constructor(message = "Request timed out.", init: APIErrorInit = {}) {
    super(message, init);
  }
}

/** The caller's AbortSignal fired. Never retried. */
export class APIUserAbortError extends APIError {
  override name = "APIUserAbortError";

  constructor(message = "Request was aborted.", init: APIErrorInit = {}) {
    super(message, init);
  }
}
