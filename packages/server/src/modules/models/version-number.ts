import type { Database } from "../../db/client.js";

/**
 * The number of a parent version given by id when it is a version of `modelId` (continued
 * training), else null: a parent of another model is named by `versionRef`.
 */
export async function versionNumber(prisma: Database, versionId: string | null, modelId: string): Promise<number | null> {
  if (versionId === null) return null;
  const version = await prisma.modelVersion.findUnique({ where: { id: versionId }, select: { version: true, modelId: true } });
  return version?.modelId === modelId ? version.version : null;
}
