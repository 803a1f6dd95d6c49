import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../test/support/database.js";
import { createSqlPools, type SqlPools } from "../src/db/sql-pool.js";
import { KeyRateLimiter } from "../src/limits/key-rate-limiter.js";

// Redis runs beside PostgreSQL on this project's machines (127.0.0.1:6379).
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

describe.each(["postgres", "redis"] as const)("per-key rate limiter on %s", (store) => {
  let db: TestDatabase;
  let pools: SqlPools;
  let gatewayA: KeyRateLimiter;
  let gatewayB: KeyRateLimiter;

  beforeAll(async () => {
    db = await createTestDatabase();
    pools = createSqlPools(db.url);
    const options = { redisUrl: store === "redis" ? REDIS_URL : undefined, sql: pools.relaxed };
    gatewayA = await KeyRateLimiter.create(options);
    gatewayB = await KeyRateLimiter.create(options);
    expect(gatewayA.storeName).toBe(store);
  });
  afterAll(async () => {
    await gatewayA?.close();
    await gatewayB?.close();
    await pools?.end();
    await db?.drop();
  });

  it("shares one window between gateways and refuses past the limit with a retry time", async () => {
    const key = randomUUID();
    const states = [];
    for (let i = 0; i < 4; i += 1) states.push(await (i % 2 ? gatewayB : gatewayA).consume(key, 4));
    expect(states.map((state) => state.remaining)).toEqual([3, 2, 1, 0]);
    await expect(gatewayB.consume(key, 4)).rejects.toMatchObject({ code: "RATE_LIMITED" });
    const peeked = await gatewayA.peek(key, 4);
    expect(peeked.remaining).toBe(0);
    expect(peeked.resetSeconds).toBeGreaterThan(0);
    expect(peeked.resetSeconds).toBeLessThanOrEqual(60);
    expect((await gatewayA.peek(randomUUID(), 4)).remaining).toBe(4);
  });

  it("counts concurrent requests exactly", async () => {
    const key = randomUUID();
    const results = await Promise.allSettled(Array.from({ length: 30 }, (_, i) => (i % 2 ? gatewayA : gatewayB).consume(key, 10)));
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(10);
  });
});
