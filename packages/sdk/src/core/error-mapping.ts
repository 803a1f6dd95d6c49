import {
  APIError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  QuotaExceededError,
  RateLimitError,
  type APIErrorInit,
  type GraphQLErrorItem,
} from "./errors.js";
import { retryAfterFromHeaders } from "./retry-policy.js";

type ErrorClass = new (message: string, init: APIErrorInit) => APIError;

const classByCode: Record<string, ErrorClass> = {
  UNAUTHENTICATED: AuthenticationError,
  FORBIDDEN: PermissionDeniedError,
  NOT_FOUND: NotFoundError,
  BAD_USER_INPUT: BadRequestError,
  BAD_REQUEST: BadRequestError,
  GRAPHQL_PARSE_FAILED: BadRequestError,
  GRAPHQL_VALIDATION_FAILED: BadRequestError,
  CONFLICT: ConflictError,
  RATE_LIMITED: RateLimitError,
  CONCURRENCY_LIMITED: RateLimitError,
  MODEL_VERSION_UNAVAILABLE: ConflictError,
  QUOTA_EXCEEDED: QuotaExceededError,
  INTERNAL_SERVER_ERROR: InternalServerError,
  // Scale-out mode with no engine worker answering: 503 with Retry-After, retried like other 5xx.
  ENGINE_UNAVAILABLE: InternalServerError,
  // A dependency (PostgreSQL, or Redis when REDIS_URL is set) unreachable: 503 with Retry-After, nothing billed.
  SERVICE_UNAVAILABLE: InternalServerError,
  UNSUPPORTED_MEDIA_TYPE: BadRequestError,
};

function classForStatus(status: number): ErrorClass {
  if (status === 400 || status === 422) return BadRequestError;
  if (status === 401) return AuthenticationError;
  if (status === 403) return PermissionDeniedError;
  if (status === 404) return NotFoundError;
  if (status === 409) return ConflictError;
  if (status === 429) return RateLimitError;
  if (status >= 500) return InternalServerError;
  return APIError;
}

/**
 * The error a response carries, or undefined for a success. GraphQL errors are
 * mapped by `extensions.code` (even in a 200), anything else by HTTP status.
 */
export function errorFromResponse(status: number, headers: Headers, body: unknown): APIError | undefined {
  const errors = errorItems(body);
  if (status < 400 && errors.length === 0) return undefined;
  const first = errors[0];
  const code = typeof first?.extensions?.code === "string" ? first.extensions.code : undefined;
  const ErrorType = (code !== undefined ? classByCode[code] : undefined) ?? classForStatus(status);
  const message = describe(status, code, errors);
  const init: APIErrorInit = { status, code, headers, errors, body };
  const extensions = first?.extensions ?? {};
  if (ErrorType === QuotaExceededError) {
    const quota = isRecord(extensions.quota) ? extensions.quota : extensions;
    return new QuotaExceededError(message, {
      ...init,
      limit: numberOrUndefined(quota.limit),
      used: numberOrUndefined(quota.used),
      requested: numberOrUndefined(quota.requested),
      remaining: numberOrUndefined(quota.remaining),
      resetsAt: typeof quota.resetsAt === "string" ? quota.resetsAt : undefined,
    });
  }
  if (ErrorType === RateLimitError) {
    return new RateLimitError(message, { ...init, retryAfter: retryAfterSeconds(headers, extensions) });
  }
  return new ErrorType(message, init);
}

function retryAfterSeconds(headers: Headers, extensions: Record<string, unknown>): number | undefined {
  const fromHeaders = retryAfterFromHeaders(headers);
  if (fromHeaders !== undefined) return fromHeaders / 1000;
  const fromExtensions = numberOrUndefined(extensions.retryAfter);
  if (fromExtensions !== undefined) return fromExtensions;
  const fromExtensionsMs = numberOrUndefined(extensions.retryAfterMs);
  return fromExtensionsMs === undefined ? undefined : fromExtensionsMs / 1000;
}

/** GraphQL's `errors`, or a REST body (`{ error: { message, code } }`, `{ message, code }`) in the same shape. */
function errorItems(body: unknown): GraphQLErrorItem[] {
  if (!isRecord(body)) return [];
  if (Array.isArray(body.errors)) {
    return body.errors.filter(isRecord).map((item) => ({
      ...item,
      message: typeof item.message === "string" ? item.message : "Unknown error",
      extensions: isRecord(item.extensions) ? item.extensions : undefined,
    }));
  }
  const error = isRecord(body.error) ? body.error : typeof body.error === "string" ? { message: body.error } : body;
  if (typeof error.message !== "string") return [];
  const { message, ...rest } = error;
  return [{ message, extensions: isRecord(rest.extensions) ? rest.extensions : rest }];
}

function describe(status: number, code: string | undefined, errors: GraphQLErrorItem[]): string {
  const label = [status >= 400 ? String(status) : undefined, code].filter(Boolean).join(" ");
  const first = errors[0]?.message ?? "status code (no body)";
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more error${errors.length > 2 ? "s" : ""})` : "";
  return `${label || "Error"}: ${first}${more}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function numberOrUndefined(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}
