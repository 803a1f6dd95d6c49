import { LRUCache } from "lru-cache";
import type { CacheDomain, CacheInvalidation } from "./cache-invalidation.js";

export interface CoherentCacheOptions {
  /** Entries kept (least recently used dropped first). */
  max: number;
  /** Safety net: an entry is reloaded after this long even if no notification came. 0 turns the cache off. */
  ttlMs: number;
}

/**
 * An in-process LRU cache of values read from PostgreSQL, emptied whenever its domain's rows change (see
 * CacheInvalidation). Read it only after the request's `CacheInvalidation.sync()` (the Authenticator does that for
 * every authenticated request): then an entry never predates a write committed before the request arrived.
 * While the listening connection is down the cache is bypassed. A value loaded across a flush is returned but not
 * kept (it may have been read before the write), and concurrent misses of one key share one load.
 */
export class CoherentCache<V extends object> {
  readonly #entries: LRUCache<string, V> | undefined;
  readonly #loading = new Map<string, { generation: number; value: Promise<V> }>();
  #generation = 0;

  constructor(
    private readonly invalidation: CacheInvalidation,
    domain: CacheDomain,
    options: CoherentCacheOptions,
  ) {
    this.#entries = options.ttlMs > 0 ? new LRUCache<string, V>({ max: options.max, ttl: options.ttlMs }) : undefined;
    invalidation.subscribe(domain, () => this.clear());
  }

  /** The value for `key`: cached, or `load()`'s (kept when no flush happened meanwhile). */
  get(key: string, load: () => Promise<V>): Promise<V> {
    if (!this.#entries || !this.invalidation.healthy) return load();
    const cached = this.#entries.get(key);
    if (cached !== undefined) return Promise.resolve(cached);
    const generation = this.#generation;
    const pending = this.#loading.get(key);
    if (pending?.generation === generation) return pending.value;
    const value = load().then((loaded) => {
      if (this.#generation === generation && this.invalidation.healthy) this.#entries!.set(key, loaded);
      return loaded;
    });
    const entry = { generation, value };
    this.#loading.set(key, entry);
    const forget = () => this.#loading.get(key) === entry && this.#loading.delete(key);
    value.then(forget, forget);
    return value;
  }

  /** Drops every entry, and keeps loads in flight from storing theirs. */
  clear(): void {
    this.#generation += 1;
    this.#entries?.clear();
    this.#loading.clear();
  }
}
