import type { CoherentCache } from "../../cache/coherent-cache.js";
import type { SqlPool } from "../../db/sql-pool.js";
import { chooseServingVersion, loadServingCandidates, type ServingCandidate, type ServingVersion, type VersionChoice } from "./model-resolution.js";

/**
 * Model resolution for translate, streams and documents, with the candidate rows cached per tenant, model name and
 * choice (label or pinned version) and emptied on any write to models, versions or labels (CacheInvalidation).
 * The choice itself (canary share) is drawn on every call.
 */
export class ServingVersions {
  constructor(
    private readonly sql: SqlPool,
    private readonly candidates: CoherentCache<ServingCandidate[]>,
  ) {}

  /** The version serving `modelName` for the tenant: see chooseServingVersion. */
  async resolve(tenantId: string, modelName: string, choice: VersionChoice): Promise<ServingVersion> {
    const key = JSON.stringify([tenantId, modelName, choice.label ?? null, choice.version ?? null]);
    const candidates = await this.candidates.get(key, () => loadServingCandidates(this.sql, tenantId, modelName, choice));
    return chooseServingVersion(candidates, modelName, choice);
  }
}
