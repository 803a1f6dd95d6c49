import type { Caller } from "../../auth/authenticate.js";
import type { Database } from "../../db/client.js";
import type { Model, Prisma } from "../../db/generated/client.js";
import { BadUserInputError, ForbiddenError } from "../../errors/gateway-errors.js";
import type { CreateModelInput } from "../../graphql/generated/resolvers-types.js";
import { pageQuery, toConnection } from "../../graphql/pagination.js";
import { createUnique } from "../common/service.js";
import { LANGUAGE_TAG, LANGUAGE_TAG_RULE } from "../languages/language-codes.js";

const MODEL_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Models a tenant may see and use: public ones and its own. */
export const visibleTo = (tenantId: string) => ({ OR: [{ ownerTenantId: null }, { ownerTenantId: tenantId }] });

export async function listModels(prisma: Database, tenantId: string, first: number | null | undefined, after: string | null | undefined) {
  const rows = await prisma.model.findMany({ where: visibleTo(tenantId), ...pageQuery(first, after) });
  return toConnection(rows, first);
}

/** By name: the tenant's own model first, then a public one of that name. */
export async function findModelByName(prisma: Pick<Prisma.TransactionClient, "model">, tenantId: string, name: string): Promise<Model | null> {
  const candidates = await prisma.model.findMany({ where: { name, ...visibleTo(tenantId) } });
  return candidates.find((model) => model.ownerTenantId === tenantId) ?? candidates[0] ?? null;
}

export async function createModel(prisma: Database, caller: Caller, input: CreateModelInput): Promise<Model> {
  if (input.public && !caller.isAdmin) throw new ForbiddenError("Only ADMIN keys create public models.");
  if (!MODEL_NAME.test(input.name)) {
    throw new BadUserInputError("Model names are 1-64 letters, digits, '.', '_' or '-'.", { field: "name" });
  }
  for (const field of ["sourceLanguage", "targetLanguage"] as const) {
    if (!LANGUAGE_TAG.test(input[field])) throw new BadUserInputError(`${field} ${LANGUAGE_TAG_RULE}; got "${input[field]}".`, { field });
  }
  const data = {
    name: input.name,
    sourceLanguage: input.sourceLanguage,
    targetLanguage: input.targetLanguage,
    description: input.description ?? "",
    ownerTenantId: input.public ? null : caller.tenant.id,
  };
  return createUnique(`A model named "${input.name}"`, () => prisma.model.create({ data }));
}
