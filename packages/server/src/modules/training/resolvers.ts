import type { GatewayContext } from "../../graphql/context.js";
import type { LossPoint, Resolvers } from "../../graphql/generated/resolvers-types.js";
import { architectureEnum } from "../../training/architectures.js";
import { TrainingService, type RunnerControl } from "./training-service.js";

/** The job runner of this process, when the gateway was given one (faster pickup and cancel). */
function runnerOf(context: GatewayContext): RunnerControl | undefined {
  return (context.services as { trainingRunner?: RunnerControl }).trainingRunner;
}

const training = (context: GatewayContext) => new TrainingService(context.services.prisma, runnerOf(context));

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
    lossCurve: (job) => (Array.isArray(job.lossCurve) ? (job.lossCurve as unknown as LossPoint[]) : []),
  },
};
