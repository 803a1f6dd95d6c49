import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../test/support/database.js";
import { CacheInvalidation, INVALIDATION_CHANNEL } from "../src/cache/cache-invalidation.js";
import { createLogger } from "../src/logging/logger.js";

// sync() is exact only if the connection its round trip runs on listens: every connection must get every
// notification. (The gateway tests in test/gateway/cache-invalidation.test.ts check the next request after a write;
// they cannot tell a missed notification from one that arrived early on another connection.)
describe("CacheInvalidation", () => {
  let db: TestDatabase;
  let writer: pg.Client;

  beforeAll(async () => {
    db = await createTestDatabase();
    writer = new pg.Client({ connectionString: db.url });
    await writer.connect();
  });
  afterAll(async () => {
    await writer?.end();
    await db?.drop();
  });

  it.each([1, 2, 3])("with %i connections, every one receives each notification before sync() resolves", async (connections) => {
    const invalidation = new CacheInvalidation(db.url, createLogger("silent"), { connections });
    await invalidation.start();
    try {
      expect(invalidation.healthy).toBe(true);
      let flushes = 0;
      invalidation.subscribe("keys", () => (flushes += 1));
      for (let round = 1; round <= 5; round++) {
        await writer.query("SELECT pg_notify($1, 'keys')", [INVALIDATION_CHANNEL]);
        // Several callers, in different turns, so that round trips run on every connection.
        const synced = await Promise.all(
          Array.from({ length: 4 }, async (_, i) => {
            await sleep(i);
            return invalidation.sync();
          }),
        );
        expect(synced).toEqual([true, true, true, true]);
        await expect.poll(() => flushes).toBe(round * connections);
      }
    } finally {
      await invalidation.close();
    }
  });

  it("answers false, and flushes, once a listening connection is lost", async () => {
    const invalidation = new CacheInvalidation(db.url, createLogger("silent"), { connections: 2, reconnectMs: 60_000 });
    await invalidation.start();
    let flushes = 0;
    invalidation.subscribe("models", () => (flushes += 1));
    try {
      await writer.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'parley-cache-invalidation' AND datname = current_database() LIMIT 1`);
      await expect.poll(() => invalidation.healthy).toBe(false);
      expect(flushes).toBeGreaterThan(0);
      await expect(invalidation.sync()).resolves.toBe(false);
    } finally {
      await invalidation.close();
    }
  });
});
