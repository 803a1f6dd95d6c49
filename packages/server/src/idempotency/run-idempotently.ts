import { createHash } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { Request, Response } from "express";
import type { Logger } from "../logging/logger.js";
import { IDEMPOTENCY_RENEW_MS, type IdempotentRequests } from "./idempotent-requests.js";
import { openBody, sealBody } from "./sealed-body.js";

/** The same rule as translate's `idempotencyKey`: 1-255 printable ASCII characters without spaces. */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
/** A duplicate of a request still running waits this long for its response before it is told to retry. */
const IN_PROGRESS_WAIT_MS = 10_000;
const POLL_MS = 100;
/** Error codes of failures that are worth retrying: such a response is not kept, the retry runs anew. */
const RETRYABLE_CODES = new Set(["INTERNAL_SERVER_ERROR", "SERVICE_UNAVAILABLE", "ENGINE_UNAVAILABLE", "RATE_LIMITED", "CONCURRENCY_LIMITED"]);

export interface IdempotencyDeps {
  store: IdempotentRequests;
  logger: Logger;
  /** An error body in the route's own format (GraphQL `errors`, or REST `error`). */
  errorBody(code: string, message: string): unknown;
}

/** SHA-256 over what identifies a request: the same key for another request is refused. */
export function requestFingerprint(method: string, path: string, content: unknown): string {
  return createHash("sha256").update(JSON.stringify([method, path, content])).digest("hex");
}

/**
 * Runs `handle` (which answers `response`) at most once per tenant and key: a retry of the same request gets
 * the first response again (with `idempotent-replayed: true`), a reuse of the key for another request 409
 * CONFLICT, a duplicate arriving while the first still runs waits for it up to 10 s, then 409 CONFLICT with
 * `x-should-retry: true`. Responses of retryable failures (5xx, 429, retryable codes) are not kept.
 */
export async function runIdempotently(
  deps: IdempotencyDeps,
  response: Response,
  /** `apiKey`: the caller's secret API key, which seals the stored response (see sealBody). */
  claim: { tenantId: string; key: string; fingerprint: string; apiKey: string },
  handle: () => unknown,
): Promise<void> {
  const { store } = deps;
  const { tenantId, key, fingerprint, apiKey } = claim;
  const deadline = Date.now() + IN_PROGRESS_WAIT_MS;
  for (;;) {
    const outcome = await store.claim(tenantId, key, fingerprint);
    if (outcome.kind === "claimed") break;
    const replayed = outcome.kind === "replay" ? openBody(outcome.response.body, apiKey) : undefined;
    if (outcome.kind === "replay" && replayed !== undefined) {
      response.status(outcome.response.status).set("idempotent-replayed", "true");
      if (outcome.response.contentType) response.type(outcome.response.contentType);
      response.send(replayed);
      return;
    }
    if (outcome.kind === "replay" || outcome.kind === "mismatch") {
      response.status(409).json(deps.errorBody("CONFLICT", "This Idempotency-Key was used for a different request; use a new key."));
      return;
    }
    if (Date.now() >= deadline) {
      response
        .status(409)
        .set({ "retry-after": "1", "x-should-retry": "true" })
        .json(deps.errorBody("CONFLICT", "A request with this Idempotency-Key is still in progress; retry shortly."));
      return;
    }
    await sleep(POLL_MS);
  }
  const renewal = setInterval(() => {
    store.renew(tenantId, key).catch((error: unknown) => deps.logger.warn({ err: error }, "could not renew an idempotency key's claim"));
  }, IDEMPOTENCY_RENEW_MS);
  renewal.unref();
  const body = captureBody(response);
  const settle = async (finished: boolean) => {
    clearInterval(renewal);
    const text = body();
    try {
      if (finished && isFinal(response.statusCode, text)) {
        await store.complete(tenantId, key, { status: response.statusCode, contentType: String(response.getHeader("content-type") ?? "") || null, body: sealBody(text, apiKey) });
      } else {
        await store.abandon(tenantId, key);
      }
    } catch (error) {
      // The claim's lease runs out, and a retry takes the key over.
      deps.logger.warn({ err: error }, "could not record an idempotent request's outcome");
    }
  };
  let settled = false;
  response.once("finish", () => void (settled || ((settled = true), settle(true))));
  response.once("close", () => void (settled || ((settled = true), settle(response.writableFinished))));
  await handle();
}

/** Collects what is written to the response. */
function captureBody(response: Response): () => string {
  const chunks: Buffer[] = [];
  const keep = (chunk: unknown, encoding?: unknown) => {
    if (chunk === undefined || chunk === null || typeof chunk === "function") return;
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8"));
  };
  const write = response.write.bind(response);
  const end = response.end.bind(response);
  response.write = ((chunk: unknown, ...rest: unknown[]) => {
    keep(chunk, rest[0]);
    return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
  }) as Response["write"];
  response.end = ((chunk?: unknown, ...rest: unknown[]) => {
    keep(chunk, rest[0]);
    return (end as (...args: unknown[]) => Response)(chunk, ...rest);
  }) as Response["end"];
  return () => Buffer.concat(chunks).toString("utf8");
}

function isFinal(status: number, body: string): boolean {
  if (status >= 500 || status === 429 || status === 408) return false;
  return !errorCodes(body).some((code) => RETRYABLE_CODES.has(code));
}

function errorCodes(body: string): string[] {
  try {
    const parsed = JSON.parse(body) as { errors?: { extensions?: { code?: unknown } }[]; error?: { code?: unknown } };
    const codes = (parsed.errors ?? []).map((error) => error.extensions?.code);
    if (parsed.error) codes.push(parsed.error.code);
    return codes.filter((code): code is string => typeof code === "string");
  } catch {
    return [];
  }
}

/** The request's `Idempotency-Key` header: undefined when absent, null when malformed. */
export function idempotencyKeyOf(request: Request): string | undefined | null {
  const key = request.get("idempotency-key");
  if (key === undefined) return undefined;
  return IDEMPOTENCY_KEY_PATTERN.test(key) ? key : null;
}
