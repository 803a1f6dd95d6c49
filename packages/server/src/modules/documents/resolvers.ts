import type { GatewayContext } from "../../graphql/context.js";
import type { Resolvers } from "../../graphql/generated/resolvers-types.js";
import { DocumentService } from "./document-service.js";

const documents = ({ services }: GatewayContext) =>
  new DocumentService(services.prisma, services.ledger, services.config.PARLEY_DOCUMENT_RETENTION_HOURS);

export const documentResolvers: Resolvers = {
  Query: {
    documents: (_parent, { first, after }, context) => documents(context).list(context.caller, first, after),
    document: (_parent, { id }, context) => documents(context).get(context.caller, id),
  },
  Mutation: {
    cancelDocument: (_parent, { id }, context) => documents(context).cancel(context.caller, id),
    deleteDocument: (_parent, { id }, context) => documents(context).delete(context.caller, id),
  },
};
