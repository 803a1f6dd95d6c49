import { setImmediate as nextTurn } from "node:timers/promises";
import pg from "pg";
import type { Logger } from "../logging/logger.js";

/** The channel the triggers of migration 20261130100000_cache_invalidation notify on. */
export const INVALIDATION_CHANNEL = "parley_cache";

/** What a notification names: API keys and tenants, or models, their versions and labels. */
export type CacheDomain = "keys" | "models";
const DOMAINS: readonly CacheDomain[] = ["keys", "models"];

export interface CacheInvalidationOptions {
  /** A sync round trip slower than this counts as a lost connection (the caches are bypassed meanwhile). */
  syncTimeoutMs?: number;
  /** Wait before reconnecting a lost listening connection. */
  reconnectMs?: number;
  /** Listening connections (default 2): a sync starts on an idle one instead of queueing behind a round trip. */
  connections?: number;
}

/**
 * LISTEN connections (two by default) per gateway on the `parley_cache` channel. The triggers notify from the writing
 * transaction, so every gateway sharing the database drops a domain's cached entries once a write to it commits.
 *
 * `sync()` makes reads exact, not just soon consistent: it waits for a round trip on a listening connection that
 * started after the call. PostgreSQL hands a session the notifications of every transaction committed before it
 * ends a statement ahead of that statement's result, so once `sync()` resolves true every write committed before
 * the call (by any connection, any gateway) has emptied the caches it concerns. Concurrent calls share round trips,
 * so under load this costs one `SELECT 1` per batch of requests, not per request; with two connections a batch goes
 * out at once on the idle one instead of waiting for the round trip in flight to end (every connection listens, so
 * each notification arrives twice: flushing is idempotent).
 *
 * While a connection is down nothing can be trusted: `sync()` answers false (read the database), every subscriber
 * is flushed on the loss and again once the connections are back (notifications may have been missed).
 */
export class CacheInvalidation {
  readonly #subscribers = new Map<CacheDomain, Set<() => void>>(DOMAINS.map((domain) => [domain, new Set()]));
  readonly #syncTimeoutMs: number;
  readonly #reconnectMs: number;
  readonly #connections: number;
  #clients: pg.Client[] = [];
  #healthy = false;
  #closed = false;
  #reconnect: NodeJS.Timeout | undefined;
  /** The round trip in flight on each busy connection. */
  readonly #busy = new Map<pg.Client, Promise<boolean>>();
  #next: Promise<boolean> | undefined;

  constructor(
    private readonly databaseUrl: string,
    private readonly logger: Logger,
    options: CacheInvalidationOptions = {},
  ) {
    this.#syncTimeoutMs = options.syncTimeoutMs ?? 1_000;
    this.#reconnectMs = options.reconnectMs ?? 1_000;
    this.#connections = Math.max(1, options.connections ?? 2);
  }

  /** True while the listening connections are up: cached entries may be served. */
  get healthy(): boolean {
    return this.#healthy;
  }

  /** Connects and listens. A failure is logged and retried: the caches stay bypassed until it succeeds. */
  async start(): Promise<void> {
    if (this.#closed || this.#clients.length > 0) return;
    const clients = Array.from(
      { length: this.#connections },
      () => new pg.Client({ connectionString: this.databaseUrl, application_name: "parley-cache-invalidation" }),
    );
    this.#clients = clients;
    for (const client of clients) {
      client.on("notification", (message) => this.#dispatch(message.payload));
      client.on("error", (error) => this.#lost(client, error));
      client.on("end", () => this.#lost(client));
    }
    try {
      await Promise.all(
        clients.map(async (client) => {
          await client.connect();
          await client.query(`LISTEN ${INVALIDATION_CHANNEL}`);
        }),
      );
    } catch (error) {
      this.#lost(clients[0]!, error);
      return;
    }
    if (this.#clients !== clients) return;
    this.#flushAll(); // writes made while no connection listened
    this.#healthy = true;
  }

  /** Calls `flush` whenever entries of `domain` may have changed. */
  subscribe(domain: CacheDomain, flush: () => void): void {
    this.#subscribers.get(domain)!.add(flush);
  }

  /**
   * Flushes `domain` in this process at once, for a write this gateway just made (its trigger notifies every
   * gateway, this one included, on commit; this does not wait for that).
   */
  invalidate(domain: CacheDomain): void {
    for (const flush of this.#subscribers.get(domain)!) flush();
  }

  /** `write`'s result, once `domain` was flushed in this process (also when it failed: it may have committed). */
  async afterWrite<T>(domain: CacheDomain, write: Promise<T>): Promise<T> {
    try {
      return await write;
    } finally {
      this.invalidate(domain);
    }
  }

  /**
   * Resolves true once every write committed before this call has flushed what it concerns (see the class
   * comment); false when a listening connection is down or slow: then read the database instead.
   */
  sync(): Promise<boolean> {
    if (!this.#healthy) return Promise.resolve(false);
    return (this.#next ??= this.#nextRoundTrip());
  }

  /**
   * A round trip sent after every caller that joined it: at once on an idle connection (after one event-loop turn,
   * so that callers released by the same event join it), else on the first connection whose round trip ends.
   */
  async #nextRoundTrip(): Promise<boolean> {
    while (this.#clients.length > 0 && this.#clients.every((client) => this.#busy.has(client))) {
      await Promise.race(this.#busy.values());
    }
    await nextTurn();
    this.#next = undefined;
    const idle = this.#clients.find((client) => !this.#busy.has(client));
    return this.#healthy && idle ? this.#roundTrip(idle) : false;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#healthy = false;
    clearTimeout(this.#reconnect);
    const clients = this.#clients;
    this.#clients = [];
    await Promise.all(clients.map((client) => client.end().catch(() => undefined)));
  }

  #roundTrip(client: pg.Client): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => {
        this.#lost(client, new Error(`no answer on the listening connection within ${this.#syncTimeoutMs} ms`));
        resolve(false);
      }, this.#syncTimeoutMs);
    });
    const answered = client.query("SELECT 1").then(
      () => this.#healthy && this.#clients.includes(client),
      () => false,
    );
    const running = Promise.race([answered, timedOut]).finally(() => {
      clearTimeout(timer);
      if (this.#busy.get(client) === running) this.#busy.delete(client);
    });
    this.#busy.set(client, running);
    return running;
  }

  #dispatch(payload: string | undefined): void {
    if (payload === "keys" || payload === "models") this.invalidate(payload);
    else this.#flushAll();
  }

  #flushAll(): void {
    for (const domain of DOMAINS) this.invalidate(domain);
  }

  /** Any listening connection lost: all are dropped, the caches flushed, and all reconnected after a pause. */
  #lost(client: pg.Client, error?: unknown): void {
    if (!this.#clients.includes(client)) return;
    const clients = this.#clients;
    this.#clients = [];
    this.#healthy = false;
    this.#flushAll();
    for (const other of clients) other.end().catch(() => undefined);
    if (this.#closed) return;
    this.logger.warn({ err: error }, "cache invalidation connection lost: caches bypassed until it is back");
    this.#reconnect = setTimeout(() => void this.start(), this.#reconnectMs);
    this.#reconnect.unref();
  }
}
