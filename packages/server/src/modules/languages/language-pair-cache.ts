import type { CoherentCache } from "../../cache/coherent-cache.js";
import type { Model } from "../../db/generated/client.js";
import type { SqlPool } from "../../db/sql-pool.js";
import { type LanguagePair, listLanguagePairs } from "./language-pairs.js";

/**
 * The language pairs each tenant can translate (routing by `targetLanguage`, detection's candidate languages, the
 * `languages` query), cached per tenant and emptied on any write to models, versions or labels (CacheInvalidation).
 */
export class LanguagePairs {
  constructor(
    private readonly sql: SqlPool,
    private readonly pairs: CoherentCache<LanguagePair[]>,
  ) {}

  /** Every pair the tenant can translate, sorted by source then target language (see listLanguagePairs). */
  list(tenantId: string): Promise<LanguagePair[]> {
    return this.pairs.get(tenantId, () => listLanguagePairs(this.sql, tenantId));
  }

  /** The model serving one pair (ISO 639-1 codes) for the tenant, or undefined when it has none. */
  async find(tenantId: string, sourceLanguage: string, targetLanguage: string): Promise<Model | undefined> {
    const pairs = await this.list(tenantId);
    return pairs.find((pair) => pair.sourceLanguage === sourceLanguage && pair.targetLanguage === targetLanguage)?.model;
  }
}
