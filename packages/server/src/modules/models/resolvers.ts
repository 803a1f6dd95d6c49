import { requireCaller, requireScope } from "../../auth/access.js";
import type { Resolvers } from "../../graphql/generated/resolvers-types.js";
import { createModel, findModelByName, listModels } from "./service.js";
import { trainingConfigFor } from "./training-config-view.js";
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
    // A new own model shadows a public one of the same name: this gateway's model caches forget at once.
    createModel: (_parent, { input }, { caller, services }) =>
      services.invalidation.afterWrite("models", createModel(services.prisma, requireScope(caller, "TRAIN"), input)),
  },
  Model: {
    visibility: (model) => (model.ownerTenantId ? "PRIVATE" : "PUBLIC"),
    labels: async (model, _args, { loaders }) =>
      (await loaders.labelsByModel.load(model.id)).map((label) => ({ name: label.name, version: label.version.version })),
    versions: (model, _args, { loaders }) => loaders.versionsByModel.load(model.id),
    version: (model, { version }, { services }) =>
      services.prisma.modelVersion.findUnique({ where: { modelId_version: { modelId: model.id, version } } }),
  },
  ModelVersion: {
    labels: (version, _args, { loaders }) => loaders.labelNamesByVersion.load(version.id),
    metrics: (version) => ({
      bleu: metricNumber(version.metrics, "bleu"),
      chrF: metricNumber(version.metrics, "chrF"),
      devBleu: metricNumber(version.metrics, "devBleu"),
      testSentences: metricNumber(version.metrics, "testSentences"),
    }),
    trainingConfig: (version, _args, { caller, loaders }) => trainingConfigFor(version, caller, loaders),
    parentVersion: (version, _args, { loaders }) => versionNumber(loaders, version.parentVersionId, version.modelId),
    parent: (version, _args, { caller, loaders }) => versionRef(loaders, version.parentVersionId, caller?.tenant.id),
  },
};
