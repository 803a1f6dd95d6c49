import type { ApiKey, ApiKeyScope, Tenant } from "../db/generated/client.js";
import { toApiKey, toTenant } from "../db/row-mapping.js";
import type { SqlPool } from "../db/sql-pool.js";
import { UnauthenticatedError } from "../errors/gateway-errors.js";
import { isWellFormedKey, keyMatchesHash, keyPrefix } from "./api-key-format.js";

export interface Caller {
  readonly apiKey: ApiKey;
  readonly tenant: Tenant;
  readonly scopes: ReadonlySet<ApiKeyScope>;
  readonly isAdmin: boolean;
}

/** Reads `Authorization: Bearer <key>`; undefined when the header is absent. */
export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined || header === "") return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw new UnauthenticatedError("Malformed Authorization header: expected `Bearer pk_...`.");
  return match[1];
}

/** Every failure gives the same answer, so a caller learns nothing about which part was wrong. */
export function invalidKey(): UnauthenticatedError {
  return new UnauthenticatedError("Invalid, revoked or expired API key.");
}

/**
 * Finds the key by its visible prefix and compares the SHA-256 of the whole key in constant time; the key may
 * still be revoked or expired (see requireUsable). One query.
 */
export async function findCaller(sql: SqlPool, key: string): Promise<Caller> {
  if (!isWellFormedKey(key)) throw invalidKey();
  const { rows } = await sql.query<{ key: Record<string, unknown>; tenant: Record<string, unknown> }>(
    `SELECT to_jsonb(k) AS key, to_jsonb(t) AS tenant FROM "ApiKey" k JOIN "Tenant" t ON t."id" = k."tenantId" WHERE k."prefix" = $1`,
    [keyPrefix(key)],
  );
  const row = rows[0];
  if (!row) throw invalidKey();
  const apiKey = toApiKey(row.key);
  if (!keyMatchesHash(key, apiKey.hash)) throw invalidKey();
  const scopes = new Set(apiKey.scopes);
  return { apiKey, tenant: toTenant(row.tenant), scopes, isAdmin: scopes.has("ADMIN") };
}

/** The caller, unless its key is revoked or expired at `now`. */
export function requireUsable(caller: Caller, now = new Date()): Caller {
  const { revokedAt, expiresAt } = caller.apiKey;
  if (revokedAt || (expiresAt && expiresAt <= now)) throw invalidKey();
  return caller;
}

/** findCaller and requireUsable, straight from the database (the gateway goes through its Authenticator's cache). */
export async function authenticate(sql: SqlPool, key: string, now = new Date()): Promise<Caller> {
  return requireUsable(await findCaller(sql, key), now);
}
