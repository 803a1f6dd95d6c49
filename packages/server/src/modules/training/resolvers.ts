import type { GatewayContext } from "../../graphql/context.js";
import type { LossPoint, Resolvers, TrainingEvaluation } from "../../graphql/generated/resolvers-types.js";
import { architectureEnum } from "./architectures.js";
import { versionNumber } from "../models/version-number.js";
import { versionRef } from "../models/version-ref.js";
import { TrainingService } from "./training-service.js";

const training = ({ services }: GatewayContext) => new TrainingService(services.prisma, services.trainingRunner);

export const trainingResolvers: Resolvers = {
  Query: {
    trainingJobs: (_parent, { first, after, status }, context) => training(context).list(context.caller, first, after, status),
    trainingJob: (_parent, { id }, context) => training(context).get(context.caller, id),
  },
  Mutation: {
    trainModel: (_parent, { input }, context) => training(context).enqueue(context.caller, input),
    cancelTrainingJob: (_parent, { id }, context) => training(context).cancel(context.caller, id),
  },
  TrainingJob: {
    architecture: (job) => architectureEnum(job.architecture),
    model: (job, _args, { services }) => services.prisma.model.findUniqueOrThrow({ where: { id: job.modelId } }),
    dataset: (job, _args, { services }) =>
      job.datasetId ? services.prisma.dataset.findUnique({ where: { id: job.datasetId } }) : null,
    resultVersion: (job, _args, { services }) =>
      job.resultVersionId ? services.prisma.modelVersion.findUnique({ where: { id: job.resultVersionId } }) : null,
    continueFromVersion: (job, _args, { loaders }) => versionNumber(loaders, job.parentVersionId, job.modelId),
    startedFrom: (job, _args, { loaders }) => versionRef(loaders, job.parentVersionId, job.tenantId),
    lossCurve: (job) => (Array.isArray(job.lossCurve) ? (job.lossCurve as unknown as LossPoint[]) : []),
    evaluations: (job) => (Array.isArray(job.evaluations) ? (job.evaluations as unknown as TrainingEvaluation[]) : []),
  },
};
