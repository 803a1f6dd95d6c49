import type { Database } from "../../db/client.js";
import type { Prisma, Tenant } from "../../db/generated/client.js";
import { BadUserInputError, NotFoundError } from "../../errors/gateway-errors.js";
import type { QuotaStatusParent } from "../../graphql/context.js";
import type { CreateTenantInput, UpdateTenantLimitsInput } from "../../graphql/generated/resolvers-types.js";
import { isUuid } from "../../graphql/ids.js";
import { pageQuery, toConnection } from "../../graphql/pagination.js";
import { billingPeriod } from "../../limits/billing-period.js";
import { createUnique } from "../common/service.js";

const TENANT_NAME = /^[a-z0-9][a-z0-9._-]{0,62}$/;

type LimitInput = Omit<UpdateTenantLimitsInput, "tenantId">;

/** Validates the limits given (each optional) and returns them as Prisma data. */
function limitsData(input: LimitInput): Prisma.TenantUpdateInput {
  const data: Record<string, number | bigint> = {};
  const bounds: Record<keyof LimitInput, [number, number]> = {
    monthlyCharacterQuota: [0, Number.MAX_SAFE_INTEGER],
    requestsPerMinute: [1, 1_000_000],
    maxConcurrentRequests: [1, 10_000],
    maxBatchSize: [1, 10_000],
    maxTextLength: [1, 1_000_000],
    monthlyTrainingMinutes: [0, 10_000_000],
  };
  for (const [field, [min, max]] of Object.entries(bounds) as [keyof LimitInput, [number, number]][]) {
    const value = input[field];
    if (value === null || value === undefined) continue;
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new BadUserInputError(`${field} must be an integer between ${min} and ${max}.`, { field });
    }
    data[field] = field === "monthlyCharacterQuota" ? BigInt(value) : value;
  }
  return data;
}

export async function listTenants(prisma: Database, first: number | null | undefined, after: string | null | undefined) {
  const [rows, totalCount] = await Promise.all([prisma.tenant.findMany(pageQuery(first, after)), prisma.tenant.count()]);
  return { ...toConnection(rows, first), totalCount };
}

export async function findTenant(prisma: Database, id: string): Promise<Tenant | null> {
  return isUuid(id) ? prisma.tenant.findUnique({ where: { id } }) : null;
}

export async function createTenant(prisma: Database, input: CreateTenantInput): Promise<Tenant> {
  const { name, ...limits } = input;
  if (!TENANT_NAME.test(name)) {
    throw new BadUserInputError("Tenant names are 1-63 lowercase letters, digits, '.', '_' or '-'.", { field: "name" });
  }
  return createUnique(`A tenant named "${name}"`, () => prisma.tenant.create({ data: { ...(limitsData(limits) as Omit<Prisma.TenantCreateInput, "name">), name } }));
}

export async function updateTenantLimits(prisma: Database, input: UpdateTenantLimitsInput): Promise<Tenant> {
  const { tenantId, ...limits } = input;
  const data = limitsData(limits);
  const tenant = await findTenant(prisma, tenantId);
  if (!tenant) throw new NotFoundError(`Tenant ${tenantId} not found.`);
  return prisma.tenant.update({ where: { id: tenant.id }, data });
}

export async function quotaStatus(prisma: Database, tenant: Tenant): Promise<QuotaStatusParent> {
  const period = billingPeriod();
  const counter = await prisma.usageCounter.findUnique({ where: { tenantId_period: { tenantId: tenant.id, period } } });
  const resetsAt = new Date(Date.UTC(period.getUTCFullYear(), period.getUTCMonth() + 1, 1));
  return {
    limit: tenant.monthlyCharacterQuota,
    used: counter?.characters ?? 0n,
    resetsAt,
    trainingMinutesLimit: tenant.monthlyTrainingMinutes,
    trainingSeconds: counter?.trainingSeconds ?? 0,
  };
}
