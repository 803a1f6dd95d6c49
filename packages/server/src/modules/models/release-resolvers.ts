import type { GatewayContext } from "../../graphql/context.js";
import type { Resolvers } from "../../graphql/generated/resolvers-types.js";
import { ReleaseService } from "./release-service.js";

const releases = ({ services }: GatewayContext) => new ReleaseService(services.prisma, services.engine, services.logger);

/** This gateway's model caches forget at once; the others when the trigger's NOTIFY reaches them. */
const released = <T>({ services }: GatewayContext, write: Promise<T>) => services.invalidation.afterWrite("models", write);

/** Release management: label moves, canary share, rollback, archiving. */
export const releaseResolvers: Resolvers = {
  Mutation: {
    promoteModelVersion: (_parent, { input }, context) =>
      released(context, releases(context).promote(context.caller, input.model, input.version, input.label ?? "stable")),
    setCanaryTraffic: (_parent, { model, percent }, context) =>
      released(context, releases(context).setCanaryTraffic(context.caller, model, percent)),
    rollbackModel: (_parent, { model, label }, context) => released(context, releases(context).rollback(context.caller, model, label ?? "stable")),
    archiveModelVersion: (_parent, { model, version }, context) => released(context, releases(context).archive(context.caller, model, version)),
  },
};
