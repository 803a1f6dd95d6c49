import type { ApolloServerPlugin, GraphQLRequestListener } from "@apollo/server";
import { GraphQLError } from "graphql";
import type { GatewayContext } from "../graphql/context.js";

class RefusedDocumentError extends GraphQLError {}

/**
 * graphql-armor's token limit throws from `parsingDidStart`. Apollo treats a
 * throwing hook as an unexpected failure: it calls every plugin's
 * `unexpectedErrorProcessingRequest` (where armor swaps in its message) and
 * answers 500. The document is the client's fault, so the error is rethrown
 * from that hook as a GraphQL error with status 400.
 */
export function refusedDocumentsAs400(plugin: ApolloServerPlugin<GatewayContext>): ApolloServerPlugin<GatewayContext> {
  if (!plugin.requestDidStart) return plugin;
  const requestDidStart = plugin.requestDidStart.bind(plugin);
  return {
    ...plugin,
    async unexpectedErrorProcessingRequest({ error }) {
      if (error instanceof RefusedDocumentError) throw error;
    },
    async requestDidStart(requestContext) {
      const listener = (await requestDidStart(requestContext)) as GraphQLRequestListener<GatewayContext> | void;
      if (!listener?.parsingDidStart) return listener;
      const parsingDidStart = listener.parsingDidStart.bind(listener);
      return {
        ...listener,
        async parsingDidStart(parsingContext) {
          try {
            return await parsingDidStart(parsingContext);
          } catch (error) {
            throw new RefusedDocumentError((error as Error).message, {
              extensions: { code: "GRAPHQL_PARSE_FAILED", http: { status: 400, headers: new Map() } },
            });
          }
        },
      };
    },
  };
}
