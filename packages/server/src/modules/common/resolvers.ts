import { requireCaller } from "../../auth/access.js";
import type { Resolvers } from "../../graphql/generated/resolvers-types.js";
import { DateTime, JSON, SafeInt } from "../../graphql/scalars.js";

export const commonResolvers: Resolvers = {
  DateTime,
  SafeInt,
  JSON,
  Query: {
    viewer: (_parent, _args, context) => requireCaller(context.caller),
  },
  Mutation: {
    _empty: () => null,
  },
  Viewer: {
    tenant: (caller) => caller.tenant,
    apiKey: (caller) => caller.apiKey,
    scopes: (caller) => [...caller.scopes],
  },
};
