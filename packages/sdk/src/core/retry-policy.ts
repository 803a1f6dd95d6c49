import { APIConnectionError, APIUserAbortError, ConflictError, QuotaExceededError, RateLimitError, type APIError } from "./errors.js";

/** openai-node's defaults: 0.5 s doubling up to 8 s, up to 25% jitter off. */
export const INITIAL_RETRY_DELAY_MS = 500;
export const MAX_RETRY_DELAY_MS = 8_000;
export const MAX_JITTER = 0.25;
/** A server-requested wait (Retry-After) is honoured up to this long. */
export const MAX_RETRY_AFTER_MS = 60_000;

/** Waiting seconds does not help: the quota resets monthly, an archived version stays archived. */
const neverRetriedCodes = new Set(["QUOTA_EXCEEDED", "MODEL_VERSION_UNAVAILABLE"]);

/**
 * Whether a failed attempt is retried. `idempotent`: the request is a query, or carries an `Idempotency-Key`
 * the gateway honours, so running it twice has the effect of running it once.
 *
 * - The server's `x-should-retry: true|false` decides first (as in openai-node).
 * - Never: a spent quota, an unavailable version, 409 CONFLICT (retrying the same request cannot resolve it),
 *   a caller's abort.
 * - 429 with a wait (Retry-After or `extensions.retryAfter`): the request did not run, so any request.
 * - Connection errors, timeouts, 408 and 5xx: only idempotent requests (the first attempt may have run).
 */
export function isRetryable(error: APIError, idempotent: boolean): boolean {
  if (error instanceof APIUserAbortError) return false;
  const shouldRetry = error.headers?.get("x-should-retry");
  if (shouldRetry === "true") return true;
  if (shouldRetry === "false") return false;
  if (error instanceof QuotaExceededError || (error.code !== undefined && neverRetriedCodes.has(error.code))) return false;
  if (error instanceof ConflictError || error.status === 409) return false;
  if (error instanceof RateLimitError) return requestedDelayMs(error) !== undefined;
  if (!idempotent) return false;
  if (error instanceof APIConnectionError) return true;
  const status = error.status;
  return status !== undefined && (status === 408 || status >= 500);
}

/**
 * Milliseconds the server asked to wait: `retry-after-ms`, else `Retry-After` as
 * seconds or an HTTP date. Undefined when absent or unreadable.
 */
export function retryAfterFromHeaders(headers: Headers | undefined, now = Date.now()): number | undefined {
  const milliseconds = Number.parseFloat(headers?.get("retry-after-ms") ?? "");
  if (Number.isFinite(milliseconds) && milliseconds >= 0) return milliseconds;
  const value = headers?.get("retry-after")?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * How long to wait before retry number `retriesDone + 1`: the server's request
 * (capped at 60 s) if it made one, else exponential backoff with jitter.
 */
export function retryDelayMs(retriesDone: number, requestedMs: number | undefined, random: () => number = Math.random): number {
  if (requestedMs !== undefined) return Math.min(Math.max(0, requestedMs), MAX_RETRY_AFTER_MS);
  const backoff = Math.min(INITIAL_RETRY_DELAY_MS * 2 ** retriesDone, MAX_RETRY_DELAY_MS);
  return backoff * (1 - random() * MAX_JITTER);
}

/** The wait an error asks for: headers first, then a RATE_LIMITED error's `retryAfter`. */
export function requestedDelayMs(error: APIError): number | undefined {
  const fromHeaders = retryAfterFromHeaders(error.headers);
  if (fromHeaders !== undefined) return fromHeaders;
  if (error instanceof RateLimitError && error.retryAfter !== undefined) return error.retryAfter * 1000;
  return undefined;
}
