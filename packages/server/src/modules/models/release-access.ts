import type { Caller } from "../../auth/authenticate.js";
import { requireAdmin, requireScope } from "../../auth/access.js";
import type { Model, Prisma } from "../../db/generated/client.js";
import { NotFoundError } from "../../errors/gateway-errors.js";

type Reader = Pick<Prisma.TransactionClient, "model">;

/**
 * The model a caller may change (release labels, train): its tenant's own model
 * of that name (TRAIN scope), else the public one (ADMIN only). A tenant's model
 * shadows a public model of the same name, as in every other lookup by name.
 */
export async function findManagedModel(db: Reader, caller: Caller | null, name: string): Promise<Model> {
  const known = requireScope(caller, "TRAIN");
  const own = await db.model.findFirst({ where: { ownerTenantId: known.tenant.id, name } });
  if (own) return own;
  const shared = await db.model.findFirst({ where: { ownerTenantId: null, name } });
  if (!shared) throw new NotFoundError(`Model "${name}" not found.`);
  requireAdmin(known);
  return shared;
}

/** Serializes release changes of one model (label moves, archiving) inside a transaction. */
export async function lockModel(tx: Prisma.TransactionClient, modelId: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM "Model" WHERE id = ${modelId}::uuid FOR UPDATE`;
}
