import { Parley, type TranslationCreateParams } from "@parley/sdk";

/** One HTTP request as the SDK sent it. */
export interface CapturedRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** The idempotency key the SDK generated for it (in the body's variables and the Idempotency-Key header). */
  idempotencyKey: string;
}

/**
 * Sends `params` through the SDK's own `translations.create` (its generated Translate document, variables and
 * headers) to `baseURL`, and returns the request exactly as it went out, so a load generator can replay it.
 */
export async function captureTranslateRequest(baseURL: string, apiKey: string, params: TranslationCreateParams): Promise<CapturedRequest> {
  let captured: Omit<CapturedRequest, "idempotencyKey"> | undefined;
  const client = new Parley({
    apiKey,
    baseURL,
    maxRetries: 0,
    async fetch(input, init) {
      const headers: Record<string, string> = {};
      new Headers(init?.headers).forEach((value, name) => (headers[name] = value));
      captured = { url: String(input), headers, body: String(init?.body) };
      return fetch(input, init);
    },
  });
  const result = await client.translations.create(params);
  if (!captured || result.translations.length === 0) throw new Error("the SDK sent no translate request");
  const idempotencyKey = captured.headers["idempotency-key"];
  if (!idempotencyKey || !captured.body.includes(idempotencyKey)) throw new Error("the SDK's translate request carries no idempotency key");
  return { ...captured, idempotencyKey };
}

/** The request with its idempotency key replaced by autocannon's per-request id placeholder (`idReplacement`). */
export function withFreshIdempotencyKeys(request: CapturedRequest): { headers: Record<string, string>; body: string } {
  const placeholder = "[<id>]";
  return {
    headers: { ...request.headers, "idempotency-key": placeholder },
    body: request.body.replaceAll(request.idempotencyKey, placeholder),
  };
}

/** The request without an idempotency key (neither in the variables nor as a header): same document and selection set. */
export function withoutIdempotencyKey(request: CapturedRequest): { headers: Record<string, string>; body: string } {
  const { "idempotency-key": _dropped, ...headers } = request.headers;
  const body = JSON.parse(request.body) as { variables: { input: Record<string, unknown> } };
  delete body.variables.input.idempotencyKey;
  return { headers, body: JSON.stringify(body) };
}
