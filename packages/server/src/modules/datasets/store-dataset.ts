import { randomUUID } from "node:crypto";
import { mkdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import type { Database } from "../../db/client.js";
import type { Dataset } from "../../db/generated/client.js";
import { BadUserInputError, ConflictError } from "../../errors/gateway-errors.js";
import type { DatasetLimits } from "./dataset-limits.js";
import { parseDatasetMetadata, type DatasetMetadata } from "./dataset-metadata.js";
import { datasetFilePath } from "./dataset-paths.js";
import type { ReceivedFile } from "./receive-upload.js";
import { validateInWorker } from "./validate-in-worker.js";

export interface DatasetStoreDeps {
  prisma: Database;
  dataDir: string;
  limits: DatasetLimits;
}

/**
 * Validates an uploaded file and, only when it is valid, moves it to
 * `<dataDir>/datasets/<tenant>/<id>.tsv` and records it. Any refusal leaves
 * nothing behind: no row, no file (the caller removes the temporary upload).
 */
export async function storeUploadedDataset(
  deps: DatasetStoreDeps,
  tenantId: string,
  fields: Record<string, string>,
  upload: ReceivedFile,
): Promise<Dataset> {
  const metadata = parseDatasetMetadata(fields);
  await assertNameFree(deps.prisma, tenantId, metadata.name);
  const validation = await validateInWorker(upload.path, deps.limits);
  if (!validation.ok) {
    const { issues, issueCount } = validation;
    const first = issues[0];
    const where = first && first.line > 0 ? `line ${first.line}: ` : "";
    const summary = `The dataset has ${issueCount} problem${issueCount === 1 ? "" : "s"}; first: ${where}${first?.message ?? "invalid"}.`;
    throw new BadUserInputError(summary, { issues, issueCount });
  }
  const { ok: _ok, ...counts } = validation;
  return recordDatasetFile(deps, tenantId, metadata, upload, counts);
}

/** Moves a validated file into place and inserts its row; undoes the move when the insert fails. */
export async function recordDatasetFile(
  deps: Pick<DatasetStoreDeps, "prisma" | "dataDir">,
  tenantId: string,
  metadata: DatasetMetadata,
  file: ReceivedFile,
  counts: { pairCount: number; trainCount: number; devCount: number; testCount: number },
): Promise<Dataset> {
  const id = randomUUID();
  const storagePath = datasetFilePath(deps.dataDir, tenantId, id);
  await mkdir(path.dirname(storagePath), { recursive: true });
  await rename(file.path, storagePath);
  try {
    return await deps.prisma.dataset.create({
      data: {
        id,
        tenantId,
        ...metadata,
        storagePath,
        checksum: `sha256:${file.sha256}`,
        sizeBytes: BigInt(file.bytes),
        ...counts,
      },
    });
  } catch (error) {
    await rm(storagePath, { force: true });
    if ((error as { code?: string }).code === "P2002") throw nameTaken(metadata.name);
    throw error;
  }
}

async function assertNameFree(prisma: Database, tenantId: string, name: string): Promise<void> {
  const existing = await prisma.dataset.findUnique({ where: { tenantId_name: { tenantId, name } } });
  if (existing) throw nameTaken(name);
}

function nameTaken(name: string): ConflictError {
  return new ConflictError(`A dataset named "${name}" already exists: pick another name or delete it first.`);
}
