import type { APIResponse } from "./api-promise.js";
import { NotFoundError } from "./errors.js";

/** A nullable lookup's value, or a NotFoundError (as a 404 would give) when the API returned null. */
export function found<T>(value: T | null, what: string, raw: APIResponse<unknown>): T {
  if (value !== null) return value;
  throw new NotFoundError(`NOT_FOUND: ${what} not found.`, { status: raw.response.status, code: "NOT_FOUND", headers: raw.response.headers });
}
