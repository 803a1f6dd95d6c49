import { requireAdmin, requireCaller } from "../../auth/access.js";
import type { Resolvers } from "../../graphql/generated/resolvers-types.js";
import { createTenant, findTenant, listTenants, quotaStatus, updateTenantLimits } from "./service.js";

export const tenantResolvers: Resolvers = {
  Query: {
    tenants: (_parent, { first, after }, { caller, services }) => {
      requireAdmin(caller);
      return listTenants(services.prisma, first, after);
    },
    tenant: async (_parent, { id }, { caller, services }) => {
      const known = requireCaller(caller);
      if (!known.isAdmin && id !== known.tenant.id) return null;
      return findTenant(services.prisma, id);
    },
  },
  Mutation: {
    createTenant: (_parent, { input }, { caller, services }) => {
      requireAdmin(caller);
      return createTenant(services.prisma, input);
    },
    updateTenantLimits: (_parent, { input }, { caller, services }) => {
      requireAdmin(caller);
      return services.invalidation.afterWrite("keys", updateTenantLimits(services.prisma, input)); // cached callers hold limits
    },
  },
  Tenant: {
    limits: (tenant) => tenant,
    quota: (tenant, _args, { services }) => quotaStatus(services.prisma, tenant),
  },
  QuotaStatus: {
    remaining: (quota) => (quota.used >= quota.limit ? 0n : quota.limit - quota.used),
    trainingMinutesUsed: (quota) => quota.trainingSeconds / 60,
  },
};
