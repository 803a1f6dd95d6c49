import type { RequestHandler } from "express";
import { Kind, parse, type OperationDefinitionNode } from "graphql";
import { LRUCache } from "lru-cache";
import { bearerToken } from "../auth/authenticate.js";
import type { Authenticator } from "../auth/authenticator.js";
import { idempotencyKeyOf, requestFingerprint, runIdempotently, type IdempotencyDeps } from "./run-idempotently.js";

/** Root fields with an idempotency of their own (translate's key lives in the usage ledger, billed once). */
const SELF_IDEMPOTENT_FIELDS = new Set(["translate"]);

/** A GraphQL error body, as Apollo writes them. */
export function graphqlErrorBody(code: string, message: string): unknown {
  return { errors: [{ message, extensions: { code } }] };
}

/**
 * `Idempotency-Key` on `/graphql` mutations (mount after the JSON body parser): see runIdempotently. Queries
 * ignore the header; an operation of `translate` fields only uses it as its `idempotencyKey`; a request
 * without a valid API key goes on (and fails as UNAUTHENTICATED).
 */
export function graphqlIdempotency(deps: IdempotencyDeps & { authenticator: Authenticator }): RequestHandler {
  return async (request, response, next) => {
    try {
      const key = idempotencyKeyOf(request);
      if (key === undefined) return next();
      const body = request.body as { query?: unknown; operationName?: unknown; variables?: unknown } | undefined;
      if (operationKind(body) !== "mutation") return next();
      if (key === null) {
        response.status(400).json(graphqlErrorBody("BAD_USER_INPUT", "Idempotency-Key must be 1-255 printable ASCII characters without spaces."));
        return;
      }
      const token = bearerToken(request.headers.authorization);
      const caller = token ? await deps.authenticator.authenticate(token).catch(() => null) : null;
      if (!caller) return next();
      const fingerprint = requestFingerprint("POST", "/graphql", [body!.query, body!.operationName ?? null, body!.variables ?? {}]);
      await runIdempotently(deps, response, { tenantId: caller.tenant.id, key, fingerprint, apiKey: token! }, next);
    } catch (error) {
      next(error);
    }
  };
}

type OperationKind = "mutation" | "translate" | "other";

/** Clients send the same few documents over and over (the SDK's): each is parsed here once, not per request. */
const KINDS = new LRUCache<string, OperationKind>({ max: 1_000 });
const CACHED_QUERY_LENGTH = 20_000;

/** "mutation", "translate" (mutations of self-idempotent fields only), or "other" (queries, unparsable bodies). */
function operationKind(body: { query?: unknown; operationName?: unknown } | undefined): OperationKind {
  if (!body || Array.isArray(body) || typeof body.query !== "string") return "other";
  if (body.query.length > CACHED_QUERY_LENGTH) return parseOperationKind(body.query, body.operationName);
  const key = `${typeof body.operationName === "string" ? `named ${body.operationName}` : "unnamed"}\n${body.query}`;
  let kind = KINDS.get(key);
  if (kind === undefined) KINDS.set(key, (kind = parseOperationKind(body.query, body.operationName)));
  return kind;
}

function parseOperationKind(query: string, operationName: unknown): OperationKind {
  let operations: OperationDefinitionNode[];
  try {
    operations = parse(query).definitions.filter((node): node is OperationDefinitionNode => node.kind === Kind.OPERATION_DEFINITION);
  } catch {
    return "other";
  }
  const operation = typeof operationName === "string" ? operations.find((node) => node.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  if (operation?.operation !== "mutation") return "other";
  const selfIdempotent = operation.selectionSet.selections.every(
    (selection) => selection.kind === Kind.FIELD && SELF_IDEMPOTENT_FIELDS.has(selection.name.value),
  );
  return selfIdempotent ? "translate" : "mutation";
}
