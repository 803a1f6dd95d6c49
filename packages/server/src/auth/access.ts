import type { ApiKeyScope } from "../db/generated/client.js";
import { ForbiddenError, NotFoundError, UnauthenticatedError } from "../errors/gateway-errors.js";
import { isUuid } from "../graphql/ids.js";
import type { Caller } from "./authenticate.js";

/** The caller, or UNAUTHENTICATED when the request carried no key. */
export function requireCaller(caller: Caller | null): Caller {
  if (!caller) throw new UnauthenticatedError();
  return caller;
}

/** ADMIN implies every scope; otherwise one of `anyOf` is needed. */
export function requireScope(caller: Caller | null, ...anyOf: ApiKeyScope[]): Caller {
  const known = requireCaller(caller);
  if (known.isAdmin || anyOf.some((scope) => known.scopes.has(scope))) return known;
  throw new ForbiddenError(`This API key lacks the scope needed here (one of: ${anyOf.join(", ")}).`);
}

export function requireAdmin(caller: Caller | null): Caller {
  const known = requireCaller(caller);
  if (!known.isAdmin) throw new ForbiddenError("This operation needs an ADMIN key.");
  return known;
}

/**
 * The tenant an operation acts on: the caller's own unless an ADMIN key names
 * another. A tenant naming someone else's id is refused, never served.
 */
export function targetTenantId(caller: Caller, requested: string | null | undefined): string {
  if (!requested || requested === caller.tenant.id) return caller.tenant.id;
  if (caller.isAdmin) {
    if (!isUuid(requested)) throw new NotFoundError(`Tenant ${requested} not found.`);
    return requested;
  }
  throw new ForbiddenError("Only ADMIN keys may act on another tenant.");
}
