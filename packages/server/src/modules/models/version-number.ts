import type { Database } from "../../db/client.js";

/** The number of a version given by id (a parent version), or null without one. */
export async function versionNumber(prisma: Database, versionId: string | null): Promise<number | null> {
  if (versionId === null) return null;
  const version = await prisma.modelVersion.findUnique({ where: { id: versionId }, select: { version: true } });
  return version?.version ?? null;
}
