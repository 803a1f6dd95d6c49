import type { Loaders } from "../../graphql/loaders.js";

/**
 * The number of a parent version given by id when it is a version of `modelId` (continued
 * training), else null: a parent of another model is named by `versionRef`.
 */
export async function versionNumber(loaders: Loaders, versionId: string | null, modelId: string): Promise<number | null> {
  if (versionId === null) return null;
  const version = await loaders.versionById.load(versionId);
  return version?.modelId === modelId ? version.version : null;
}
