import { randomUUID } from "node:crypto";
import type { Database, Dataset } from "@parley/server";

/** A dataset row as an upload would leave it (for tests that do not train on it). */
export async function insertDatasetRow(
  prisma: Database,
  tenantId: string,
  overrides: Partial<{ name: string; sourceLanguage: string; targetLanguage: string; trainCount: number; testCount: number }> = {},
): Promise<Dataset> {
  const id = randomUUID();
  return prisma.dataset.create({
    data: {
      id,
      tenantId,
      name: overrides.name ?? `dataset-${id.slice(0, 8)}`,
      sourceLanguage: overrides.sourceLanguage ?? "en",
      targetLanguage: overrides.targetLanguage ?? "fr",
      storagePath: `/nonexistent/${id}.tsv`,
      checksum: "sha256:0",
      sizeBytes: 100n,
      pairCount: 100,
      trainCount: overrides.trainCount ?? 80,
      devCount: 10,
      testCount: overrides.testCount ?? 10,
    },
  });
}
