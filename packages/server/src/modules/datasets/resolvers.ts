import type { GatewayContext } from "../../graphql/context.js";
import type { Resolvers } from "../../graphql/generated/resolvers-types.js";
import { DatasetService } from "./dataset-service.js";

const datasets = ({ services }: GatewayContext) => new DatasetService(services.prisma, services.logger);

export const datasetResolvers: Resolvers = {
  Query: {
    datasets: (_parent, { first, after }, context) => datasets(context).list(context.caller, first, after),
    dataset: (_parent, { id }, context) => datasets(context).get(context.caller, id),
  },
  Mutation: {
    deleteDataset: (_parent, { id }, context) => datasets(context).delete(context.caller, id),
  },
};
