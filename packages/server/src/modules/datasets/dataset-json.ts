import type { Dataset } from "../../db/generated/client.js";

/** The REST shape of a dataset, the same fields as the GraphQL `Dataset` type. */
export function datasetJson(dataset: Dataset): Record<string, unknown> {
  return {
    id: dataset.id,
    object: "dataset",
    name: dataset.name,
    sourceLanguage: dataset.sourceLanguage,
    targetLanguage: dataset.targetLanguage,
    checksum: dataset.checksum,
    sizeBytes: Number(dataset.sizeBytes),
    pairCount: dataset.pairCount,
    trainCount: dataset.trainCount,
    devCount: dataset.devCount,
    testCount: dataset.testCount,
    createdAt: dataset.createdAt.toISOString(),
  };
}
