import { requireScope, targetTenantId } from "../../auth/access.js";
import type { Resolvers } from "../../graphql/generated/resolvers-types.js";
import { createApiKey, listApiKeys, revokeApiKey, rotateApiKey } from "./service.js";

export const keyResolvers: Resolvers = {
  Query: {
    apiKeys: (_parent, { tenantId }, { caller, services }) => {
      const known = requireScope(caller, "READ");
      return listApiKeys(services.prisma, targetTenantId(known, tenantId));
    },
  },
  Mutation: {
    // Key management takes the KEYS scope: a leaked TRANSLATE key cannot mint keys that outlive its revocation.
    createApiKey: (_parent, { input }, { caller, services }) => createApiKey(services.prisma, requireScope(caller, "KEYS"), input),
    // This gateway's cache forgets the key at once; the others when the trigger's NOTIFY reaches them.
    revokeApiKey: (_parent, { id }, { caller, services }) =>
      services.invalidation.afterWrite("keys", revokeApiKey(services.prisma, requireScope(caller, "KEYS"), id)),
    rotateApiKey: (_parent, { id, expiresInSeconds }, { caller, services }) =>
      services.invalidation.afterWrite("keys", rotateApiKey(services.prisma, requireScope(caller, "KEYS"), id, expiresInSeconds)),
  },
  // Tenants and keys are only reachable by their own tenant or an admin, so these follow the parent's access.
  ApiKey: {
    tenant: (apiKey, _args, { services }) => services.prisma.tenant.findUniqueOrThrow({ where: { id: apiKey.tenantId } }),
    replacedBy: (apiKey, _args, { services }) =>
      apiKey.replacedById ? services.prisma.apiKey.findUnique({ where: { id: apiKey.replacedById } }) : null,
  },
  Tenant: {
    apiKeys: (tenant, _args, { caller, services }) => {
      requireScope(caller, "READ");
      return listApiKeys(services.prisma, tenant.id);
    },
  },
};
