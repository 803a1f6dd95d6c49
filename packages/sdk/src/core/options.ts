import { ParleyError } from "./errors.js";

export type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export interface ClientOptions {
  /** Defaults to the PARLEY_API_KEY environment variable. */
  apiKey?: string | undefined;
  /** Defaults to PARLEY_BASE_URL, else http://localhost:4000. */
  baseURL?: string | undefined;
  /** Milliseconds each attempt may take before it is abandoned (default 60 000). */
  timeout?: number | undefined;
  /** Retries after the first attempt (default 2). */
  maxRetries?: number | undefined;
  /** A fetch implementation; defaults to the global one. */
  fetch?: Fetch | undefined;
  /** Sent with every request. */
  defaultHeaders?: Record<string, string> | undefined;
}

/** The second argument of every resource method. */
export interface RequestOptions {
  timeout?: number | undefined;
  signal?: AbortSignal | undefined;
  maxRetries?: number | undefined;
  /** For mutations; one is generated per call (and reused across its retries) when absent. */
  idempotencyKey?: string | undefined;
  /** Merged over the client's headers; null removes one. */
  headers?: Record<string, string | null | undefined> | undefined;
}

export interface ResolvedClientOptions {
  apiKey: string;
  baseURL: string;
  timeout: number;
  maxRetries: number;
  fetch: Fetch;
  defaultHeaders: Record<string, string>;
}

export const DEFAULT_BASE_URL = "http://localhost:4000";
export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_RETRIES = 2;

/** An environment variable, where there is an environment (not in browsers). */
export function readEnv(name: string): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const value = env?.[name]?.trim();
  return value ? value : undefined;
}

export function resolveClientOptions(options: ClientOptions): ResolvedClientOptions {
  const apiKey = options.apiKey ?? readEnv("PARLEY_API_KEY");
  if (!apiKey) {
    throw new ParleyError(
      "The PARLEY_API_KEY environment variable is missing or empty; either set it, or pass the apiKey option: new Parley({ apiKey: 'pk_...' }).",
    );
  }
  const baseURL = (options.baseURL ?? readEnv("PARLEY_BASE_URL") ?? DEFAULT_BASE_URL).replace(/\/+$/, "");
  return {
    apiKey,
    baseURL,
    timeout: nonNegative("timeout", options.timeout ?? DEFAULT_TIMEOUT_MS),
    maxRetries: nonNegative("maxRetries", options.maxRetries ?? DEFAULT_MAX_RETRIES),
    fetch: options.fetch ?? defaultFetch(),
    defaultHeaders: { ...options.defaultHeaders },
  };
}

export function nonNegative(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) throw new ParleyError(`${name} must be a non-negative number, got ${value}.`);
  return value;
}

function defaultFetch(): Fetch {
  if (typeof globalThis.fetch !== "function") {
    throw new ParleyError("No global fetch (Node 18+ and browsers have one); pass the fetch option.");
  }
  // Called through globalThis: browsers throw "Illegal invocation" on a detached fetch.
  return (input, init) => globalThis.fetch(input, init);
}
