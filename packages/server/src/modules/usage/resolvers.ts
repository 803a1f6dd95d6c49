import { requireScope, targetTenantId } from "../../auth/access.js";
import type { Resolvers } from "../../graphql/generated/resolvers-types.js";
import { usageReport } from "./service.js";

export const usageResolvers: Resolvers = {
  Query: {
    usage: (_parent, { from, to, groupBy, tenantId }, { caller, services }) => {
      const known = requireScope(caller, "READ");
      return usageReport(services.prisma, targetTenantId(known, tenantId), from, to, groupBy);
    },
  },
};
