import type { APIResponse } from "./api-promise.js";
import { errorFromResponse } from "./error-mapping.js";
import { APIConnectionError, APITimeoutError, APIUserAbortError, type APIError } from "./errors.js";
import { nonNegative, type RequestOptions, type ResolvedClientOptions } from "./options.js";
import { isRetryable, requestedDelayMs, retryDelayMs } from "./retry-policy.js";
import { sleep } from "./sleep.js";

export interface HttpRequest<T> {
  method: "GET" | "POST";
  /** Relative to the base URL, e.g. /graphql. */
  path: string;
  /** Reused as is by every attempt. */
  body?: string | FormData | undefined;
  /** Sent as the Idempotency-Key header of every attempt. */
  idempotencyKey?: string | undefined;
  /** Safe to send twice without a key (a query). Requests with an Idempotency-Key header are safe too. */
  safeToRepeat?: boolean | undefined;
  /** A successful response's body is given to `parse` as text, never parsed as JSON (a downloaded file). */
  rawText?: boolean | undefined;
  /** The data of a successful (error-free) response body. */
  parse(body: unknown, response: Response): T;
}

interface Received {
  response: Response;
  body: unknown;
  text: string;
}

/** Sends requests with per-attempt timeouts, retries with backoff, and typed errors. */
export class Transport {
  constructor(private readonly options: ResolvedClientOptions) {}

  async send<T>(request: HttpRequest<T>, requestOptions: RequestOptions = {}): Promise<APIResponse<T>> {
    const maxRetries = nonNegative("maxRetries", requestOptions.maxRetries ?? this.options.maxRetries);
    const timeout = nonNegative("timeout", requestOptions.timeout ?? this.options.timeout);
    const url = `${this.options.baseURL}${request.path}`;
    const headers = this.headers(request, requestOptions);
    const idempotent = request.safeToRepeat === true || headers.has("Idempotency-Key");
    for (let retriesDone = 0; ; retriesDone++) {
      let error: APIError;
      try {
        const { response, body, text } = await this.attempt(url, { method: request.method, headers, body: request.body ?? null }, timeout, requestOptions.signal);
        const failure = errorFromResponse(response.status, response.headers, body);
        if (!failure) {
          return { data: request.parse(request.rawText ? text : body, response), response, requestId: response.headers.get("x-request-id") ?? undefined };
        }
        error = failure;
      } catch (thrown) {
        if (!(thrown instanceof APIConnectionError)) throw thrown;
        error = thrown;
      }
      if (retriesDone >= maxRetries || !isRetryable(error, idempotent)) throw error;
      await sleep(retryDelayMs(retriesDone, requestedDelayMs(error)), requestOptions.signal);
    }
  }

  /**
   * One POST whose successful body the caller reads as it arrives (server-sent events): not retried, no timeout (cancel it
   * with `signal`). A refusal (non-2xx) is read whole and thrown as the typed error.
   */
  async openStream(path: string, body: string, requestOptions: RequestOptions = {}): Promise<Response> {
    const headers = this.headers({ method: "POST", path, body, parse: () => undefined }, requestOptions);
    headers.set("Accept", "text/event-stream");
    const url = `${this.options.baseURL}${path}`;
    const signal = requestOptions.signal;
    if (signal?.aborted) throw new APIUserAbortError();
    let response: Response;
    try {
      response = await this.options.fetch(url, { method: "POST", headers, body, signal: signal ?? null });
    } catch (cause) {
      if (signal?.aborted) throw new APIUserAbortError("Request was aborted.", { cause });
      throw new APIConnectionError(`Connection error: ${describeCause(cause)}`, { cause });
    }
    if (response.ok) return response;
    const failure = errorFromResponse(response.status, response.headers, parseBody(await response.text()));
    throw failure ?? new APIConnectionError(`Unexpected HTTP ${response.status}.`);
  }

  private headers(request: HttpRequest<unknown>, requestOptions: RequestOptions): Headers {
    const headers = new Headers({ Accept: "application/json", Authorization: `Bearer ${this.options.apiKey}` });
    // FormData bodies set their own multipart Content-Type with the boundary.
    if (typeof request.body === "string") headers.set("Content-Type", "application/json");
    if (request.idempotencyKey !== undefined) headers.set("Idempotency-Key", request.idempotencyKey);
    for (const [name, value] of Object.entries(this.options.defaultHeaders)) headers.set(name, value);
    for (const [name, value] of Object.entries(requestOptions.headers ?? {})) {
      if (value === null) headers.delete(name);
      else if (value !== undefined) headers.set(name, value);
    }
    return headers;
  }

  /** One fetch, body included, under the timeout; failures become APIConnectionError subclasses. */
  private async attempt(url: string, init: RequestInit, timeout: number, signal: AbortSignal | undefined): Promise<Received> {
    if (signal?.aborted) throw new APIUserAbortError();
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeout);
    const onAbort = (): void => controller.abort();
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      const response = await this.options.fetch(url, { ...init, signal: controller.signal });
      const text = await response.text();
      return { response, body: parseBody(text), text };
    } catch (cause) {
      if (signal?.aborted) throw new APIUserAbortError("Request was aborted.", { cause });
      if (timedOut) throw new APITimeoutError(`Request timed out after ${timeout} ms.`, { cause });
      throw new APIConnectionError(`Connection error: ${describeCause(cause)}`, { cause });
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    }
  }
}

function parseBody(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function describeCause(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  // undici puts the useful part (ECONNREFUSED ...) in `cause`.
  const inner = cause.cause instanceof Error ? `: ${cause.cause.message}` : "";
  return `${cause.message}${inner}`;
}
