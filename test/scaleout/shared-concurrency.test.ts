import { setTimeout as sleep } from "node:timers/promises";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEngineRuntimeAdapter, createLogger, type TranslationEngine } from "@parley/server";
import { RedisTenantConcurrency, TolerantSemaphore } from "@parley/server/testing";
import { REDIS_URL, requireBroker } from "../support/brokers.js";
import { errorCode, graphql, startTestGateway, type TestGateway } from "../support/gateway.js";

const TRANSLATE = `mutation T($input: TranslateInput!) { translate(input: $input) { translations { text } } }`;

describe("per-tenant concurrency shared through Redis (REDIS_URL)", () => {
  let engine: TranslationEngine;
  let first: TestGateway;
  let second: TestGateway;

  beforeAll(async () => {
    await requireBroker("Redis", REDIS_URL);
    const adapter = await createEngineRuntimeAdapter({ maxBatchSize: 8, maxWaitMs: 1 });
    // The real engine, slowed so that every request of a burst is running at once.
    engine = {
      translate: async (...args) => {
        await sleep(600);
        return adapter.translate(...args);
      },
      unload: (id) => adapter.unload(id),
      stats: () => adapter.stats(),
      close: () => adapter.close(),
    };
    first = await startTestGateway({ engine, configOverrides: { REDIS_URL } });
    second = await startTestGateway({ engine, configOverrides: { REDIS_URL }, db: first.db });
    await first.publishTinyModel();
  });

  afterAll(async () => {
    await second?.stop();
    await first?.stop();
    await engine?.close();
  });

  it("two gateways enforce one tenant limit together and give every slot back", async () => {
    const { key } = await first.createTenantWithKey({ maxConcurrentRequests: 2 });
    const send = (gateway: TestGateway) => graphql(gateway.graphqlUrl, TRANSLATE, { input: { model: "tiny-en-fr", texts: ["hello"] } }, key);
    const responses = await Promise.all([first, second, first, second, first, second].map(send));
    const codes = responses.map((response) => errorCode(response) ?? "OK");
    // Per process each gateway would allow 2, so 4 in all.
    expect(codes.filter((code) => code === "OK")).toHaveLength(2);
    expect(codes.filter((code) => code === "CONCURRENCY_LIMITED")).toHaveLength(4);
    const after = await Promise.all([send(second), send(first)]);
    expect(after.map((response) => errorCode(response) ?? "OK")).toEqual(["OK", "OK"]);
  });

  it("a slot held by a gateway that died frees itself when its lease ends", async () => {
    const logger = createLogger("silent");
    const tenantId = `crash-test-${Date.now()}`;
    const crashed = await RedisTenantConcurrency.create({ redisUrl: REDIS_URL, logger, leaseMs: 1_000 });
    const survivor = await RedisTenantConcurrency.create({ redisUrl: REDIS_URL, logger, leaseMs: 1_000 });
    try {
      await crashed.acquire(tenantId, 1);
      // Held and refreshed past its first lease while the gateway lives.
      await sleep(1_500);
      await expect(survivor.acquire(tenantId, 1)).rejects.toMatchObject({ extensions: { code: "CONCURRENCY_LIMITED" } });
      await crashed.close(); // the process dies: no release, no more refreshes
      await sleep(1_200);
      const release = await survivor.acquire(tenantId, 1);
      await release();
    } finally {
      await survivor.close();
    }
  });

  it("a lease refresh that cannot reach Redis is reported, not thrown", async () => {
    const redis = new Redis(REDIS_URL, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    await redis.connect();
    const slot = new TolerantSemaphore(redis, `refresh-test-${Date.now()}`, 1, { lockTimeout: 600, refreshInterval: 100, acquireAttemptsLimit: 1 });
    const refreshErrors: unknown[] = [];
    slot.onRefreshError = (error) => refreshErrors.push(error);
    try {
      expect(await slot.tryAcquire()).toBe(true);
      redis.disconnect();
      await sleep(350);
      expect(refreshErrors.length).toBeGreaterThan(0);
      expect(slot.isAcquired).toBe(true);
    } finally {
      slot.stopRefresh();
      redis.disconnect();
    }
  });
});
