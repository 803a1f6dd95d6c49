import type { Database } from "../db/client.js";
import type { ApiKey, ApiKeyScope, Tenant } from "../db/generated/client.js";
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

/**
 * Finds the key by its visible prefix and compares the SHA-256 of the whole key
 * in constant time. Every failure gives the same answer, so a caller learns
 * nothing about which part was wrong.
 */
export async function authenticate(prisma: Database, key: string, now = new Date()): Promise<Caller> {
  const invalid = new UnauthenticatedError("Invalid, revoked or expired API key.");
  if (!isWellFormedKey(key)) throw invalid;
  const row = await prisma.apiKey.findUnique({ where: { prefix: keyPrefix(key) }, include: { tenant: true } });
  if (!row || !keyMatchesHash(key, row.hash)) throw invalid;
  if (row.revokedAt || (row.expiresAt && row.expiresAt <= now)) throw invalid;
  const { tenant, ...apiKey } = row;
  const scopes = new Set(row.scopes);
  return { apiKey, tenant, scopes, isAdmin: scopes.has("ADMIN") };
}
