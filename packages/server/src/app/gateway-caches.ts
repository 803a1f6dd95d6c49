import { Authenticator } from "../auth/authenticator.js";
import type { Caller } from "../auth/authenticate.js";
import { CacheInvalidation } from "../cache/cache-invalidation.js";
import { CoherentCache } from "../cache/coherent-cache.js";
import type { SqlPool } from "../db/sql-pool.js";
import type { Logger } from "../logging/logger.js";
import { LanguagePairs } from "../modules/languages/language-pair-cache.js";
import type { LanguagePair } from "../modules/languages/language-pairs.js";
import type { ServingCandidate } from "../modules/translate/model-resolution.js";
import { ServingVersions } from "../modules/translate/serving-versions.js";

/** Entries per cache: keys in use, (tenant, model, choice) triples, tenants. */
const MAX_ENTRIES = 10_000;

export interface GatewayCaches {
  invalidation: CacheInvalidation;
  authenticator: Authenticator;
  servingVersions: ServingVersions;
  languagePairs: LanguagePairs;
}

/**
 * What every request reads, cached in process: API keys (by hash), model resolution and language pairs, each
 * flushed through `invalidation` (start it; close it at shutdown). `ttlMs` is the safety net (0: no caching).
 */
export function createGatewayCaches(databaseUrl: string, sql: SqlPool, logger: Logger, ttlMs: number): GatewayCaches {
  const invalidation = new CacheInvalidation(databaseUrl, logger);
  const options = { max: MAX_ENTRIES, ttlMs };
  return {
    invalidation,
    authenticator: new Authenticator(sql, invalidation, new CoherentCache<Caller>(invalidation, "keys", options)),
    servingVersions: new ServingVersions(sql, new CoherentCache<ServingCandidate[]>(invalidation, "models", options)),
    languagePairs: new LanguagePairs(sql, new CoherentCache<LanguagePair[]>(invalidation, "models", options)),
  };
}
