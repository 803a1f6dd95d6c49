import path from "node:path";

/** `<dataDir>/datasets/<tenantId>/<datasetId>.tsv`: datasets live on disk, not in the database. */
export function datasetFilePath(dataDir: string, tenantId: string, datasetId: string): string {
  return path.join(dataDir, "datasets", tenantId, `${datasetId}.tsv`);
}

/** Uploads land here first, on the same file system as their final place, so moving them is a rename. */
export function uploadTempDir(dataDir: string): string {
  return path.join(dataDir, "datasets", ".incoming");
}
