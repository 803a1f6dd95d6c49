import { unwrapResolverError } from "@apollo/server/errors";
import type { GraphQLError, GraphQLFormattedError } from "graphql";
import { GatewayError } from "../errors/gateway-errors.js";
import { requestIdOf } from "./error-request-ids.js";
import type { Logger } from "../logging/logger.js";

/** Apollo's own codes for a bad request: their messages describe the request, never the server. */
const CLIENT_ERROR_CODES = new Set([
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_USER_INPUT",
  "BAD_REQUEST",
  "OPERATION_RESOLUTION_FAILURE",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
]);

/** Apollo may wrap our error (e.g. one thrown from a plugin hook), so follow originalError. */
function findGatewayError(error: unknown): GatewayError | undefined {
  for (let current = error, depth = 0; current && depth < 5; depth += 1) {
    if (current instanceof GatewayError) return current;
    current = (current as { originalError?: unknown }).originalError;
  }
  return undefined;
}

/**
 * An error Apollo raised itself about the request (not from a resolver), with a
 * 4xx status: its message describes the request.
 */
function isApolloRequestError(error: unknown, original: unknown): boolean {
  // Not `instanceof GraphQLError`: Apollo may load another build of graphql than this file.
  if (!error || typeof error !== "object" || original !== error || (error as GraphQLError).path) return false;
  const status = ((error as GraphQLError).extensions?.http as { status?: number } | undefined)?.status;
  return typeof status === "number" && status >= 400 && status < 500;
}

/**
 * Errors a client may read pass through; anything else (a bug, a database
 * error with SQL in it) is logged with the request id and replaced by a bare
 * INTERNAL_SERVER_ERROR naming that id.
 */
export function createErrorFormatter(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (findGatewayError(error)) return formatted;
    const code = formatted.extensions?.code;
    if (typeof code === "string" && CLIENT_ERROR_CODES.has(code)) return formatted;
    if (isApolloRequestError(error, original)) {
      // e.g. "provided sha does not match query": Apollo gives it a 400 but no code.
      return { ...formatted, extensions: { ...formatted.extensions, code: "BAD_REQUEST" } };
    }
    const requestId = requestIdOf(error) ?? requestIdOf(original) ?? "unknown";
    logger.error({ err: original, requestId, path: formatted.path }, "unexpected error (masked for the client)");
    return {
      message: `Internal server error (request ${requestId}).`,
      // `unexpected` tells a masked bug from a deliberate INTERNAL_SERVER_ERROR (the engine failed);
      // the gateway plugin answers either with HTTP 500.
      extensions: { code: "INTERNAL_SERVER_ERROR", requestId, unexpected: true },
      ...(formatted.path ? { path: formatted.path } : {}),
    };
  };
}
