import type { Database } from "../db/client.js";
import type { Logger } from "../logging/logger.js";
import { generateApiKey, hashApiKey, keyPrefix } from "./api-key-format.js";

export const ADMIN_TENANT_NAME = "admin";

export interface AdminKeySetup {
  tenantId: string;
  /** The key in clear when it was created by this call (print it once), else undefined. */
  createdKey: string | undefined;
}

/**
 * On an empty database creates the system tenant "admin" with an ADMIN key.
 * With `fixedKey` (PARLEY_ADMIN_KEY) that exact key is created when its hash is
 * not stored yet, so scripts and tests know the key in advance.
 */
export async function ensureAdminKey(prisma: Database, logger: Logger, fixedKey?: string): Promise<AdminKeySetup> {
  const tenant = await prisma.tenant.upsert({
    where: { name: ADMIN_TENANT_NAME },
    create: { name: ADMIN_TENANT_NAME },
    update: {},
  });
  if (fixedKey) {
    const present = await prisma.apiKey.findFirst({ where: { hash: hashApiKey(fixedKey) } });
    if (present) return { tenantId: tenant.id, createdKey: undefined };
    await createAdminKey(prisma, tenant.id, fixedKey, "PARLEY_ADMIN_KEY");
    logger.info({ prefix: keyPrefix(fixedKey) }, "admin key from PARLEY_ADMIN_KEY registered");
    return { tenantId: tenant.id, createdKey: undefined };
  }
  const adminKeys = await prisma.apiKey.findMany({ where: { scopes: { has: "ADMIN" }, revokedAt: null }, select: { prefix: true } });
  if (adminKeys.length > 0) {
    // The secret was printed once, at the first start; say where to turn if it is lost.
    logger.info(
      { prefixes: adminKeys.map((key) => key.prefix) },
      "admin key already issued (shown once at the first start); lost it? start with PARLEY_ADMIN_KEY=<a new pk_ key> to add one",
    );
    return { tenantId: tenant.id, createdKey: undefined };
  }
  const key = generateApiKey();
  await createAdminKey(prisma, tenant.id, key, "bootstrap admin");
  return { tenantId: tenant.id, createdKey: key };
}

async function createAdminKey(prisma: Database, tenantId: string, key: string, name: string): Promise<void> {
  await prisma.apiKey.create({
    data: { tenantId, name, prefix: keyPrefix(key), hash: hashApiKey(key), scopes: ["ADMIN"] },
  });
}
