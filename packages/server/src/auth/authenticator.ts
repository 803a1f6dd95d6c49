import type { CacheInvalidation } from "../cache/cache-invalidation.js";
import type { CoherentCache } from "../cache/coherent-cache.js";
import type { SqlPool } from "../db/sql-pool.js";
import { hashApiKey, isWellFormedKey } from "./api-key-format.js";
import { bearerToken, type Caller, findCaller, invalidKey, requireUsable } from "./authenticate.js";

/**
 * API-key authentication with an in-process cache keyed by the key's SHA-256 (the hash the database stores), so a
 * busy key costs no query per request. Each call first waits for CacheInvalidation.sync(): a key revoked, rotated
 * or expired early, or a tenant whose limits changed, before the request arrived (through any gateway) is read
 * anew. Only keys that were found are cached (a new key needs no invalidation); revocation and expiry are checked on
 * every call.
 */
export class Authenticator {
  constructor(
    private readonly sql: SqlPool,
    private readonly invalidation: CacheInvalidation,
    private readonly callers: CoherentCache<Caller>,
  ) {}

  /** The caller behind `key`; UNAUTHENTICATED when it is unknown, revoked or expired. */
  async authenticate(key: string, now = new Date()): Promise<Caller> {
    if (!isWellFormedKey(key)) throw invalidKey();
    const load = () => findCaller(this.sql, key);
    const caller = (await this.invalidation.sync()) ? await this.callers.get(hashApiKey(key), load) : await load();
    return requireUsable(caller, now);
  }

  /** The caller of an `Authorization: Bearer <key>` header; null without one. */
  async authenticateBearer(header: string | undefined): Promise<Caller | null> {
    const token = bearerToken(header);
    return token === undefined ? null : this.authenticate(token);
  }
}
