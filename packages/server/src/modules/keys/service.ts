import { generateApiKey, hashApiKey, keyPrefix } from "../../auth/api-key-format.js";
import type { Caller } from "../../auth/authenticate.js";
import { targetTenantId } from "../../auth/access.js";
import type { Database } from "../../db/client.js";
import type { ApiKey } from "../../db/generated/client.js";
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError } from "../../errors/gateway-errors.js";
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

/**
 * The key `id` as `caller` may manage it: another tenant's key (for non-admins) answers NOT_FOUND, the same as a key
 * that does not exist; a non-admin key manages only keys whose scopes it has itself (FORBIDDEN).
 */
async function manageableKey(prisma: Database, caller: Caller, id: string, action: string): Promise<ApiKey> {
  const apiKey = isUuid(id) ? await prisma.apiKey.findUnique({ where: { id } }) : null;
  if (!apiKey || (!caller.isAdmin && apiKey.tenantId !== caller.tenant.id)) throw new NotFoundError(`API key ${id} not found.`);
  if (!caller.isAdmin && apiKey.scopes.some((scope) => !caller.scopes.has(scope))) {
    throw new ForbiddenError(`A key can only ${action} keys whose scopes it has itself.`);
  }
  return apiKey;
}

/** Another tenant's key id answers NOT_FOUND, the same as a key that does not exist. */
export async function revokeApiKey(prisma: Database, caller: Caller, id: string): Promise<ApiKey> {
  const apiKey = await manageableKey(prisma, caller, id, "revoke");
  if (apiKey.revokedAt) return apiKey;
  return prisma.apiKey.update({ where: { id: apiKey.id }, data: { revokedAt: new Date() } });
}

/** The longest grace period of a rotated key (Stripe's roll-key limit too). */
export const MAX_ROTATION_GRACE_SECONDS = 7 * 24 * 60 * 60;

/**
 * Rolls a key: creates a new one with the old one's tenant, name, scopes and expiry, and in the same transaction
 * revokes the old one (or, with `expiresInSeconds`, makes it expire then) and links it to the new one. A key is
 * rotated once: a second rotation, also a concurrent one, is CONFLICT. The access rules are revokeApiKey's.
 */
export async function rotateApiKey(
  prisma: Database,
  caller: Caller,
  id: string,
  expiresInSeconds: number | null | undefined,
  now = new Date(),
): Promise<{ key: string; apiKey: ApiKey; previous: ApiKey }> {
  const grace = expiresInSeconds ?? 0;
  if (!Number.isInteger(grace) || grace < 0 || grace > MAX_ROTATION_GRACE_SECONDS) {
    throw new BadUserInputError(`expiresInSeconds is 0 to ${MAX_ROTATION_GRACE_SECONDS} (7 days).`, { field: "expiresInSeconds" });
  }
  const old = await manageableKey(prisma, caller, id, "rotate");
  if (old.revokedAt || (old.expiresAt && old.expiresAt <= now)) {
    throw new BadUserInputError(`API key ${old.prefix} is revoked or expired: create a new key instead.`, { field: "id" });
  }
  if (old.replacedById) throw new ConflictError(`API key ${old.prefix} was already rotated.`);
  if (old.id === caller.apiKey.id && grace === 0) {
    throw new BadUserInputError("A key rotating itself needs a grace period (expiresInSeconds above 0).", { field: "expiresInSeconds" });
  }
  const graceEnd = new Date(now.getTime() + grace * 1000);
  const key = generateApiKey();
  return prisma.$transaction(async (tx) => {
    const apiKey = await createUnique("A key with this prefix", () =>
      tx.apiKey.create({
        data: { tenantId: old.tenantId, name: old.name, scopes: old.scopes, prefix: keyPrefix(key), hash: hashApiKey(key), expiresAt: old.expiresAt },
      }),
    );
    // Conditional on the old key's state as read: of two concurrent rotations, the second finds nothing to update.
    const retire = grace === 0 ? { revokedAt: now } : { expiresAt: old.expiresAt && old.expiresAt < graceEnd ? old.expiresAt : graceEnd };
    const { count } = await tx.apiKey.updateMany({
      where: { id: old.id, revokedAt: null, replacedById: null },
      data: { replacedById: apiKey.id, ...retire },
    });
    if (count === 0) throw new ConflictError(`API key ${old.prefix} was already rotated or revoked.`);
    const previous = await tx.apiKey.findUniqueOrThrow({ where: { id: old.id } });
    return { key, apiKey, previous };
  });
}
