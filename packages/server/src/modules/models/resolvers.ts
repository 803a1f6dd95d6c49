import { requireCaller, requireScope } from "../../auth/access.js";
import type { Resolvers } from "../../graphql/generated/resolvers-types.js";
import { createModel, findModelByName, listModels } from "./service.js";
import { versionNumber } from "./version-number.js";
import { versionRef } from "./version-ref.js";

const metricNumber = (metrics: unknown, name: string): number | null => {
  const value = (metrics as Record<string, unknown> | null)?.[name];
  return typeof value === "number" && Number.isFinite(value) ? value : null;
};

export const modelResolvers: Resolvers = {
  Query: {
    models: (_parent, { first, after }, { caller, services }) =>
      listModels(services.prisma, requireCaller(caller).tenant.id, first, after),
    model: (_parent, { name }, { caller, services }) =>
      findModelByName(services.prisma, requireCaller(caller).tenant.id, name),
  },
  Mutation: {
    createModel: (_parent, { input }, { caller, services }) =>
      createModel(services.prisma, requireScope(caller, "TRAIN"), input),
  },
  Model: {
    visibility: (model) => (model.ownerTenantId ? "PRIVATE" : "PUBLIC"),
    labels: async (model, _args, { services }) => {
      const labels = await services.prisma.modelLabel.findMany({
        where: { modelId: model.id },
        include: { version: { select: { version: true } } },
        orderBy: { name: "asc" },
      });
      return labels.map((label) => ({ name: label.name, version: label.version.version }));
    },
    versions: (model, _args, { services }) =>
      services.prisma.modelVersion.findMany({ where: { modelId: model.id }, orderBy: { version: "asc" } }),
    version: (model, { version }, { services }) =>
      services.prisma.modelVersion.findUnique({ where: { modelId_version: { modelId: model.id, version } } }),
  },
  ModelVersion: {
    labels: async (version, _args, { services }) => {
      const labels = await services.prisma.modelLabel.findMany({ where: { versionId: version.id }, orderBy: { name: "asc" } });
      return labels.map((label) => label.name);
    },
    metrics: (version) => ({
      bleu: metricNumber(version.metrics, "bleu"),
      chrF: metricNumber(version.metrics, "chrF"),
      devBleu: metricNumber(version.metrics, "devBleu"),
      testSentences: metricNumber(version.metrics, "testSentences"),
    }),
    trainingConfig: (version) => version.trainingConfig,
    parentVersion: (version, _args, { services }) => versionNumber(services.prisma, version.parentVersionId, version.modelId),
    parent: (version, _args, { caller, services }) => versionRef(services.prisma, version.parentVersionId, caller?.tenant.id),
  },
};
