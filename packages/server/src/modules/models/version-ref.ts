import type { Loaders } from "../../graphql/loaders.js";
import type { ModelVersionRef } from "../../graphql/generated/resolvers-types.js";

/**
 * A parent version by model name and number, when the tenant can see its model (its own or a
 * public one); null otherwise, so a version never reveals another tenant's private model.
 */
export async function versionRef(loaders: Loaders, versionId: string | null, tenantId: string | undefined): Promise<ModelVersionRef | null> {
  if (versionId === null) return null;
  const version = await loaders.versionById.load(versionId);
  if (!version) return null;
  const model = await loaders.modelById.load(version.modelId);
  if (!model) return null;
  if (model.ownerTenantId !== null && model.ownerTenantId !== tenantId) return null;
  return { model: model.name, visibility: model.ownerTenantId === null ? "PUBLIC" : "PRIVATE", version: version.version };
}
