import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEngineRuntimeAdapter, type TranslationEngine } from "@parley/server";
import { startTestGateway, type TestGateway } from "../support/gateway.js";

// An engine whose worker cannot start (here: not ready within 1 ms) used to be respawned at once,
// forever, while /readyz said ready (issue 12, item 11).
describe("a failing engine worker", { timeout: 180_000 }, () => {
  let gateway: TestGateway;
  let engine: TranslationEngine;

  beforeAll(async () => {
    engine = await createEngineRuntimeAdapter({ maxBatchSize: 8, maxWaitMs: 1, readyTimeoutMs: 1 });
    gateway = await startTestGateway({ engine });
  });
  afterAll(async () => {
    await gateway?.stop();
    await engine?.close();
  });

  it("makes /readyz answer 503 degraded with the reason", async () => {
    const response = await fetch(`${gateway.url}/readyz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: "degraded", reason: "engine: engine worker not ready within 1 ms", engine: { status: "degraded" } });
  });
});
