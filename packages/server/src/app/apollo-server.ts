import type http from "node:http";
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { ApolloArmor } from "@escape.tech/graphql-armor";
import type { GatewayContext, GatewayServices } from "../graphql/context.js";
import { buildSchema } from "../graphql/schema.js";
import { refusedDocumentsAs400 } from "./armor-plugins.js";
import { createErrorFormatter } from "./error-masking.js";
import { gatewayPlugin } from "./gateway-plugin.js";
import { knownOperationTypes } from "./known-operation-types.js";
import { localLandingPage } from "./landing-page.js";

/** Limits on the shape of a query, checked before it runs. */
export const QUERY_LIMITS = { maxDepth: 10, maxCost: 5000, maxAliases: 15, maxDirectives: 50, maxTokens: 2000 } as const;

/** `drainTimeoutMs`: on stop, how long requests in flight may finish before their connections are cut. */
export function createApolloServer(services: GatewayServices, httpServer: http.Server, drainTimeoutMs: number): ApolloServer<GatewayContext> {
  const { config, logger } = services;
  const armor = new ApolloArmor({
    // Depth of the fields as they nest, not of the fragments that spell them (the SDK's own
    // operations nest fragments three deep).
    maxDepth: { n: QUERY_LIMITS.maxDepth, flattenFragments: true },
    costLimit: { maxCost: QUERY_LIMITS.maxCost },
    maxAliases: { n: QUERY_LIMITS.maxAliases },
    maxDirectives: { n: QUERY_LIMITS.maxDirectives },
    maxTokens: { n: QUERY_LIMITS.maxTokens },
  }).protect();
  return new ApolloServer<GatewayContext>({
    schema: buildSchema(),
    introspection: config.PARLEY_INTROSPECTION,
    csrfPrevention: true,
    // One operation per HTTP request: array bodies are refused with 400, so a
    // single request cannot multiply work past the per-request limits.
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: false,
    // main.ts handles SIGTERM/SIGINT: stop the gateway, then settle or release what it holds, then exit.
    stopOnTerminationSignals: false,
    validationRules: [knownOperationTypes, ...armor.validationRules],
    formatError: createErrorFormatter(logger),
    logger: logger.child({ component: "apollo" }),
    plugins: [
      // graphql-armor types against the CommonJS build of @apollo/server; the objects are the same.
      ...(armor.plugins as unknown as ApolloServerPlugin<GatewayContext>[]).map(refusedDocumentsAs400),
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: drainTimeoutMs }),
      config.PARLEY_LANDING_PAGE ? localLandingPage() : ApolloServerPluginLandingPageDisabled(),
      gatewayPlugin(services),
      // No field has a cache hint; Apollo's implicit cache-control plugin would still wrap every field resolver to
      // compute a policy per request. The gateway plugin sends the `cache-control: no-store` it answered with.
      ApolloServerPluginCacheControlDisabled(),
    ],
  });
}
