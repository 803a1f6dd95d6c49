import { RateLimitedError } from "../../errors/gateway-errors.js";
import type { GatewayContext } from "../../graphql/context.js";
import type { Caller } from "../../auth/authenticate.js";

/** Counts one request against the caller's key; over the limit: RATE_LIMITED, with the headers' values kept. */
export async function consumeRateLimit(context: GatewayContext, caller: Caller): Promise<void> {
  const { tenant, apiKey } = caller;
  const { services } = context;
  try {
    context.rateLimit = await services.rateLimiter.consume(apiKey.id, tenant.requestsPerMinute);
  } catch (error) {
    if (error instanceof RateLimitedError) {
      services.metrics.rejections.inc({ limit: "rate_limit" });
      context.rateLimit = { limit: tenant.requestsPerMinute, remaining: 0, resetSeconds: Number(error.extensions.retryAfter) };
    }
    throw error;
  }
}

/**
 * Counts the operation once: a no-op when the gateway plugin already counted it (any operation but a lone
 * `translate`, see app/gateway-plugin.ts) or when this request counted before (a stream, a detection).
 */
export async function countRateLimitOnce(context: GatewayContext, caller: Caller): Promise<void> {
  if (context.rateLimitCounted) return;
  context.rateLimitCounted = true;
  await consumeRateLimit(context, caller);
}
