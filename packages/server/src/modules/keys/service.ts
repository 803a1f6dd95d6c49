import { generateApiKey, hashApiKey, keyPrefix } from "../../auth/api-key-format.js";
import type { Caller } from "../../auth/authenticate.js";
import { targetTenantId } from "../../auth/access.js";
import type { Database } from "../../db/client.js";
import type { ApiKey } from "../../db/generated/client.js";
import { BadUserInputError, ForbiddenError, NotFoundError } from "../../errors/gateway-errors.js";
import type { CreateApiKeyInput } from "../../graphql/generated/resolvers-types.js";
import { isUuid } from "../../graphql/ids.js";
import { createUnique } from "../common/service.js";

export function listApiKeys(prisma: Database, tenantId: string): Promise<ApiKey[]> {
  return prisma.apiKey.findMany({ where: { tenantId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
}

/**
 * Admins create keys for any tenant; a tenant's key creates keys for its own
 * tenant with at most its own scopes (never ADMIN), so no key can mint a
 * stronger one.
 */
export async function createApiKey(prisma: Database, caller: Caller, input: CreateApiKeyInput) {
  const tenantId = targetTenantId(caller, input.tenantId);
  const name = input.name.trim();
  if (name.length === 0 || name.length > 100) throw new BadUserInputError("Key names are 1-100 characters.", { field: "name" });
  const scopes = [...new Set(input.scopes)];
  if (scopes.length === 0) throw new BadUserInputError("A key needs at least one scope.", { field: "scopes" });
  if (!caller.isAdmin && scopes.some((scope) => scope === "ADMIN" || !caller.scopes.has(scope))) {
    throw new ForbiddenError("A key can only grant scopes it has itself, and never ADMIN.");
  }
  if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) {
    throw new BadUserInputError("expiresAt must be in the future.", { field: "expiresAt" });
  }
  if (tenantId !== caller.tenant.id && !(isUuid(tenantId) && (await prisma.tenant.count({ where: { id: tenantId } })))) {
    throw new NotFoundError(`Tenant ${tenantId} not found.`);
  }
  const key = generateApiKey();
  const apiKey = await createUnique("A key with this prefix", () =>
    prisma.apiKey.create({
      data: { tenantId, name, scopes, prefix: keyPrefix(key), hash: hashApiKey(key), expiresAt: input.expiresAt ?? null },
    }),
  );
  return { key, apiKey };
}

/** Another tenant's key id answers NOT_FOUND, the same as a key that does not exist. */
export async function revokeApiKey(prisma: Database, caller: Caller, id: string): Promise<ApiKey> {
  const apiKey = isUuid(id) ? await prisma.apiKey.findUnique({ where: { id } }) : null;
  if (!apiKey || (!caller.isAdmin && apiKey.tenantId !== caller.tenant.id)) throw new NotFoundError(`API key ${id} not found.`);
  if (!caller.isAdmin && apiKey.scopes.some((scope) => !caller.scopes.has(scope))) {
    throw new ForbiddenError("A key can only revoke keys whose scopes it has itself.");
  }
  if (apiKey.revokedAt) return apiKey;
  return prisma.apiKey.update({ where: { id: apiKey.id }, data: { revokedAt: new Date() } });
}
