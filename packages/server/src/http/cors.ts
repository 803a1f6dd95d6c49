import cors from "cors";
import type { RequestHandler } from "express";
import type { CorsOrigins } from "../config/cors-origins.js";

/** What the SDK sends beyond the CORS-safelisted headers, plus Apollo's CSRF-prevention headers. */
export const CORS_ALLOWED_HEADERS = [
  "Authorization",
  "Content-Type",
  "Idempotency-Key",
  "X-Request-Id",
  "Apollo-Require-Preflight",
  "X-Apollo-Operation-Name",
];

/** Response headers that browser code may read: the request id, rate-limit state and when to retry. */
export const CORS_EXPOSED_HEADERS = ["X-Request-Id", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "Retry-After", "X-Should-Retry", "Idempotent-Replayed"];

/**
 * Answers preflights and adds CORS headers for the listed origins. API keys
 * travel in Authorization, never in cookies, so credentials stay off.
 */
export function corsFor(origins: CorsOrigins): RequestHandler {
  return cors({
    origin: origins,
    methods: ["GET", "POST"],
    allowedHeaders: CORS_ALLOWED_HEADERS,
    exposedHeaders: CORS_EXPOSED_HEADERS,
    maxAge: 600,
  });
}
