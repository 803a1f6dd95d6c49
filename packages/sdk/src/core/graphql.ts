import { APIError } from "./errors.js";
import type { HttpRequest } from "./transport.js";

/**
 * A printed GraphQL operation typed with its result and variables; the
 * generated `...Document` constants are such values.
 */
export interface Operation<TResult, TVariables> {
  toString(): string;
  __apiType?: (variables: TVariables) => TResult;
}

export function isMutation(query: string): boolean {
  return /^\s*mutation\b/.test(query);
}

/** The request for one GraphQL operation; its data is the response's `data`. */
export function graphqlRequest<TResult>(query: string, variables: unknown, idempotencyKey: string | undefined): HttpRequest<TResult> {
  const operationName = /^\s*(?:query|mutation)\s+(\w+)/.exec(query)?.[1];
  return {
    method: "POST",
    path: "/graphql",
    body: JSON.stringify({ query, variables: variables ?? {}, ...(operationName ? { operationName } : {}) }),
    idempotencyKey,
    safeToRepeat: !isMutation(query),
    parse(body, response) {
      const data = typeof body === "object" && body !== null ? (body as { data?: unknown }).data : undefined;
      if (typeof data !== "object" || data === null) {
        throw new APIError(`Malformed GraphQL response: no data (HTTP ${response.status}).`, {
          status: response.status,
          headers: response.headers,
          body,
        });
      }
      return data as TResult;
    },
  };
}
