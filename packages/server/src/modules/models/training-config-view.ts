import type { Caller } from "../../auth/authenticate.js";
import type { Loaders } from "../../graphql/loaders.js";
import type { ModelVersion } from "../../db/generated/client.js";

/** Fields of a version's trainingConfig that name the owner's own records (its job and dataset). */
const OWNER_ONLY_FIELDS = ["jobId", "datasetId", "datasetChecksum"] as const;

/**
 * A version's trainingConfig as `caller` may see it: whole for the model's owner (its tenant, or an
 * admin for a public model), without the job and dataset identifiers for everyone else.
 */
export async function trainingConfigFor(version: ModelVersion, caller: Caller | null, loaders: Loaders): Promise<unknown> {
  const config = version.trainingConfig;
  if (config === null || typeof config !== "object" || Array.isArray(config)) return config;
  const model = await loaders.modelById.load(version.modelId);
  const owner = model !== null && (model.ownerTenantId === null ? caller?.isAdmin === true : model.ownerTenantId === caller?.tenant.id);
  if (owner) return config;
  return Object.fromEntries(Object.entries(config).filter(([key]) => !(OWNER_ONLY_FIELDS as readonly string[]).includes(key)));
}
