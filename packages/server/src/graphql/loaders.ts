import DataLoader from "dataloader";
import type { Database } from "../db/client.js";
import type { Model, ModelLabel, ModelVersion } from "../db/generated/client.js";

/**
 * Per-request batch loaders for the fields a model listing fans out to (labels, versions, their
 * labels and parents): one SQL query per field and request instead of one per model or version.
 * Created per request (in the GraphQL context), so nothing is cached across requests or callers;
 * visibility checks stay in the resolvers.
 */
export interface Loaders {
  modelById: DataLoader<string, Model | null>;
  versionById: DataLoader<string, ModelVersion | null>;
  /** A model's versions, oldest first. */
  versionsByModel: DataLoader<string, ModelVersion[]>;
  /** A model's labels with the number of the version each points at, by name. */
  labelsByModel: DataLoader<string, Array<ModelLabel & { version: { version: number } }>>;
  /** The names of the labels pointing at a version, sorted. */
  labelNamesByVersion: DataLoader<string, string[]>;
}

function groupBy<T>(keys: readonly string[], rows: T[], keyOf: (row: T) => string): T[][] {
  const groups = new Map<string, T[]>(keys.map((key) => [key, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((key) => groups.get(key)!);
}

function byId<T extends { id: string }>(keys: readonly string[], rows: T[]): (T | null)[] {
  const found = new Map(rows.map((row) => [row.id, row]));
  return keys.map((key) => found.get(key) ?? null);
}

export function createLoaders(prisma: Database): Loaders {
  return {
    modelById: new DataLoader(async (ids) => byId(ids, await prisma.model.findMany({ where: { id: { in: [...ids] } } }))),
    versionById: new DataLoader(async (ids) => byId(ids, await prisma.modelVersion.findMany({ where: { id: { in: [...ids] } } }))),
    versionsByModel: new DataLoader(async (modelIds) => {
      const rows = await prisma.modelVersion.findMany({ where: { modelId: { in: [...modelIds] } }, orderBy: { version: "asc" } });
      return groupBy(modelIds, rows, (row) => row.modelId);
    }),
    labelsByModel: new DataLoader(async (modelIds) => {
      const rows = await prisma.modelLabel.findMany({
        where: { modelId: { in: [...modelIds] } },
        include: { version: { select: { version: true } } },
        orderBy: { name: "asc" },
      });
      return groupBy(modelIds, rows, (row) => row.modelId);
    }),
    labelNamesByVersion: new DataLoader(async (versionIds) => {
      const rows = await prisma.modelLabel.findMany({ where: { versionId: { in: [...versionIds] } }, orderBy: { name: "asc" } });
      return groupBy(versionIds, rows, (row) => row.versionId).map((labels) => labels.map((label) => label.name));
    }),
  };
}
