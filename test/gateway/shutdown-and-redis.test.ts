import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { createEngineRuntimeAdapter, type TranslationEngine } from "@parley/server";
import { errorCode, graphql, startTestGateway } from "../support/gateway.js";

const TRANSLATE = `mutation { translate(input: { model: "tiny-en-fr", texts: ["hello world"] }) { translations { text } } }`;

describe("graceful stop", () => {
  it("lets a translation in flight finish and settle before the gateway stops", async () => {
    const adapter = await createEngineRuntimeAdapter({ maxBatchSize: 8, maxWaitMs: 1 });
    // The real engine, made slow enough that stop() arrives mid-translation.
    const slow: TranslationEngine = {
      ...adapter,
      stats: () => adapter.stats(),
      translate: async (...args) => {
        await sleep(400);
        return adapter.translate(...args);
      },
    };
    const gateway = await startTestGateway({ engine: slow });
    await gateway.publishTinyModel();
    const { tenantId, key } = await gateway.createTenantWithKey();
    const prisma = gateway.db.prisma;
    const inFlight = graphql(gateway.graphqlUrl, TRANSLATE, {}, key);
    await sleep(150);
    let settled: string[] = [];
    const stopped = (async () => {
      // Read the ledger before the helper drops the database.
      const original = gateway.db.drop.bind(gateway.db);
      gateway.db.drop = async () => {
        settled = (await prisma.usageRecord.findMany({ where: { tenantId } })).map((row) => row.status);
        await original();
      };
      await gateway.stop();
    })();
    const response = await inFlight;
    await stopped;
    await adapter.close();
    expect(response.errors).toBeUndefined();
    expect(response.data?.translate.translations).toHaveLength(1);
    expect(settled).toEqual(["SUCCEEDED"]);
  });
});

describe("rate limits in Redis (REDIS_URL)", () => {
  it("limits and reports through Redis", async () => {
    const gateway = await startTestGateway({ configOverrides: { REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379" } });
    try {
      const { key } = await gateway.createTenantWithKey({ requestsPerMinute: 2 });
      const first = await graphql(gateway.graphqlUrl, `{ viewer { scopes } }`, {}, key);
      expect(first.headers.get("x-ratelimit-remaining")).toBe("1");
      await graphql(gateway.graphqlUrl, `{ viewer { scopes } }`, {}, key);
      const third = await graphql(gateway.graphqlUrl, `{ viewer { scopes } }`, {}, key);
      expect(errorCode(third)).toBe("RATE_LIMITED");
      expect(third.headers.get("retry-after")).toBeTruthy();
      expect(await gateway.db.prisma.$queryRaw<unknown[]>`SELECT 1 FROM pg_tables WHERE tablename = 'parley_rate_limits'`).toHaveLength(0);
    } finally {
      await gateway.stop();
    }
  });
});
