import { createHash, randomUUID } from "node:crypto";
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Database } from "../../db/client.js";
import type { Dataset } from "../../db/generated/client.js";
import type { DatasetMetadata } from "./dataset-metadata.js";
import { uploadTempDir } from "./dataset-paths.js";
import { splitDataset } from "./dataset-split.js";
import { recordDatasetFile } from "./store-dataset.js";

/**
 * Stores pairs the platform picked itself (the bootstrap corpus) as a dataset
 * of `tenantId`, in the same place and format as an upload.
 */
export async function importDatasetPairs(
  deps: { prisma: Database; dataDir: string },
  tenantId: string,
  metadata: DatasetMetadata,
  pairs: readonly { source: string; target: string }[],
): Promise<Dataset> {
  const content = Buffer.from(pairs.map((pair) => `${pair.source}\t${pair.target}\n`).join(""), "utf8");
  const tempDir = uploadTempDir(deps.dataDir);
  await mkdir(tempDir, { recursive: true });
  const tempFile = path.join(tempDir, `${randomUUID()}.part`);
  await writeFile(tempFile, content);
  const { train, dev, test } = splitDataset(pairs);
  try {
    return await recordDatasetFile(
      deps,
      tenantId,
      metadata,
      { path: tempFile, bytes: content.length, sha256: createHash("sha256").update(content).digest("hex") },
      { pairCount: pairs.length, trainCount: train.length, devCount: dev.length, testCount: test.length },
    );
  } finally {
    await rm(tempFile, { force: true });
  }
}
