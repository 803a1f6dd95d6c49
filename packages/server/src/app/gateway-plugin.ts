import type { ApolloServerPlugin, GraphQLResponse } from "@apollo/server";
import { Kind, type OperationDefinitionNode } from "graphql";
import { RateLimitedError } from "../errors/gateway-errors.js";
import type { GatewayContext, GatewayServices } from "../graphql/context.js";
import { tagRequestId } from "./error-request-ids.js";

/**
 * An operation that is exactly one `translate` field (no other root field, no
 * fragment, no directive that could skip it) leaves its count to translate,
 * which counts after validating its input. Every other authenticated operation
 * is counted here, once, whatever fields it holds (translate then does not count again).
 */
function translateCountsItself(operation: OperationDefinitionNode): boolean {
  const [only, ...rest] = operation.selectionSet.selections;
  return rest.length === 0 && only?.kind === Kind.FIELD && only.name.value === "translate" && !only.directives?.length;
}

/**
 * INTERNAL_SERVER_ERROR is documented as 500, but Apollo answers a resolver's
 * masked error with 200 (and Apollo's own failures with whatever it picked).
 */
function answerInternalErrorsWith500(response: GraphQLResponse): void {
  const errors = response.body.kind === "single" ? response.body.singleResult.errors : undefined;
  if (!errors?.some((error) => error.extensions?.code === "INTERNAL_SERVER_ERROR")) return;
  if ((response.http.status ?? 200) < 500) response.http.status = 500;
}

/**
 * Per request: a presented-but-invalid key fails as UNAUTHENTICATED once the
 * operation is known; authenticated operations count against the key's rate
 * limit; responses get x-ratelimit-* headers; metrics are recorded.
 */
export function gatewayPlugin(services: GatewayServices): ApolloServerPlugin<GatewayContext> {
  const { metrics, rateLimiter } = services;
  return {
    async unexpectedErrorProcessingRequest({ requestContext, error }) {
      tagRequestId(error, requestContext.contextValue.requestId);
    },
    async requestDidStart() {
      const started = performance.now();
      return {
        // Error masking names the request id of an unexpected error (see error-request-ids.ts).
        async didEncounterErrors({ contextValue, errors }) {
          for (const error of errors) tagRequestId(error, contextValue.requestId);
        },
        async didResolveOperation({ contextValue, operation }) {
          if (contextValue.authError) throw contextValue.authError;
          const caller = contextValue.caller;
          if (!caller || !operation) return;
          if (translateCountsItself(operation)) {
            contextValue.rateLimitDeferred = true;
            return;
          }
          const perMinute = caller.tenant.requestsPerMinute;
          contextValue.rateLimitCounted = true;
          try {
            contextValue.rateLimit = await rateLimiter.consume(caller.apiKey.id, perMinute);
          } catch (error) {
            if (error instanceof RateLimitedError) {
              metrics.rejections.inc({ limit: "rate_limit" });
              contextValue.rateLimit = { limit: perMinute, remaining: 0, resetSeconds: Number(error.extensions.retryAfter) };
            }
            throw error;
          }
        },
        async willSendResponse({ contextValue, response, operationName, request }) {
          answerInternalErrorsWith500(response);
          response.http.headers.set("cache-control", "no-store"); // GraphQL answers are per caller and per moment
          const caller = contextValue.caller;
          if (caller && contextValue.rateLimitDeferred && !contextValue.rateLimitCounted) {
            // translate failed before counting itself (refused input, scope): it still counts once.
            contextValue.rateLimitCounted = true;
            contextValue.rateLimit = await rateLimiter.consume(caller.apiKey.id, caller.tenant.requestsPerMinute).catch(() => undefined);
          }
          if (caller && !contextValue.rateLimit) {
            contextValue.rateLimit = await rateLimiter
              .peek(caller.apiKey.id, caller.tenant.requestsPerMinute)
              .catch(() => undefined);
          }
          const state = contextValue.rateLimit;
          if (state) {
            response.http.headers.set("x-ratelimit-limit", String(state.limit));
            response.http.headers.set("x-ratelimit-remaining", String(state.remaining));
            response.http.headers.set("x-ratelimit-reset", String(state.resetSeconds));
          }
          const operation = metrics.operationLabel(operationName ?? request.operationName);
          metrics.requests.inc({ operation, status: String(response.http.status ?? 200) });
          metrics.duration.observe({ operation }, (performance.now() - started) / 1000);
        },
      };
    },
  };
}
