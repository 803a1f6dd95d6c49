import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDelayedEngine } from "../support/delayed-engine.js";
import { errorCode, graphql, startTestGateway, type TestGateway } from "../support/gateway.js";

// Issue 15, item 7: the gateway caches API keys and model resolution; a change must show on the very next request,
// on the gateway that made it and on another gateway of the same database (LISTEN/NOTIFY), and when another
// process wrote it. Each request below is the first one after the change, with the cache warmed before it.
const TRANSLATE = `mutation T($input: TranslateInput!) {
  translate(input: $input) { translations { text } model { name visibility } modelVersion { version labels } }
}`;
const VIEWER = `{ viewer { scopes } }`;

describe("gateway caches: a change is served on the next request (issue 15, item 7)", { timeout: 120_000 }, () => {
  let a: TestGateway;
  let b: TestGateway;

  beforeAll(async () => {
    a = await startTestGateway({ engine: createDelayedEngine(0) });
    b = await startTestGateway({ engine: createDelayedEngine(0), db: a.db });
  });
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
  });

  const translate = (gateway: TestGateway, key: string, input: Record<string, unknown>) =>
    graphql(gateway.graphqlUrl, TRANSLATE, { input: { texts: ["hello"], ...input } }, key);
  const admin = (query: string, variables: Record<string, unknown>, gateway = a) => graphql(gateway.graphqlUrl, query, variables, a.adminKey);
  const keyId = async (tenantId: string) => (await a.db.prisma.apiKey.findFirstOrThrow({ where: { tenantId } })).id;

  it("refuses a revoked key on the next request, on the gateway that revoked it and on another one", async () => {
    await a.publishTinyModel("cache-keys", { artifactPath: "/unused" });
    const { tenantId, key } = await a.createTenantWithKey();
    expect((await translate(a, key, { model: "cache-keys" })).status).toBe(200);
    expect((await translate(b, key, { model: "cache-keys" })).status).toBe(200);

    const revoked = await admin(`mutation R($id: ID!) { revokeApiKey(id: $id) { revokedAt } }`, { id: await keyId(tenantId) });
    expect(revoked.data?.revokeApiKey.revokedAt).toBeTruthy();

    const onA = await translate(a, key, { model: "cache-keys" });
    expect({ status: onA.status, code: errorCode(onA) }).toEqual({ status: 401, code: "UNAUTHENTICATED" });
    const onB = await translate(b, key, { model: "cache-keys" });
    expect({ status: onB.status, code: errorCode(onB) }).toEqual({ status: 401, code: "UNAUTHENTICATED" });
  });

  it("refuses a key revoked by another process (straight in the database) on the next request", async () => {
    const { tenantId, key } = await a.createTenantWithKey();
    expect((await graphql(b.graphqlUrl, VIEWER, {}, key)).status).toBe(200);
    await a.db.prisma.apiKey.update({ where: { id: await keyId(tenantId) }, data: { revokedAt: new Date() } });
    expect(errorCode(await graphql(b.graphqlUrl, VIEWER, {}, key))).toBe("UNAUTHENTICATED");
  });

  it("applies a tenant's new limits on the next request of every gateway", async () => {
    const { tenantId, key } = await a.createTenantWithKey({ requestsPerMinute: 50 });
    expect((await graphql(a.graphqlUrl, VIEWER, {}, key)).headers.get("x-ratelimit-limit")).toBe("50");
    expect((await graphql(b.graphqlUrl, VIEWER, {}, key)).headers.get("x-ratelimit-limit")).toBe("50");
    const update = `mutation U($input: UpdateTenantLimitsInput!) { updateTenantLimits(input: $input) { id } }`;
    expect((await admin(update, { input: { tenantId, requestsPerMinute: 70 } }, b)).errors).toBeUndefined();
    expect((await graphql(a.graphqlUrl, VIEWER, {}, key)).headers.get("x-ratelimit-limit")).toBe("70");
    expect((await graphql(b.graphqlUrl, VIEWER, {}, key)).headers.get("x-ratelimit-limit")).toBe("70");
  });

  describe("releases", () => {
    let key: string;
    const MODEL = "cache-releases";
    const served = async (gateway: TestGateway, input: Record<string, unknown> = {}) => {
      const response = await translate(gateway, key, { model: MODEL, ...input });
      return { version: response.data?.translate.modelVersion.version, labels: response.data?.translate.modelVersion.labels, code: errorCode(response) };
    };

    beforeAll(async () => {
      ({ key } = await a.createTenantWithKey({ requestsPerMinute: 10_000 }));
      const { modelId } = await a.publishTinyModel(MODEL, { artifactPath: "/unused" });
      await a.db.prisma.modelVersion.create({ data: { modelId, version: 2, status: "READY", architecture: "tiny", artifactPath: "/unused" } });
    });

    it("serves a promoted version on the next request, on every gateway", async () => {
      expect(await served(a)).toEqual({ version: 1, labels: ["stable"], code: undefined });
      expect(await served(b)).toEqual({ version: 1, labels: ["stable"], code: undefined });
      const promote = `mutation P($input: PromoteModelVersionInput!) { promoteModelVersion(input: $input) { name } }`;
      expect((await admin(promote, { input: { model: MODEL, version: 2 } })).errors).toBeUndefined();
      expect(await served(a)).toEqual({ version: 2, labels: ["stable"], code: undefined });
      expect(await served(b)).toEqual({ version: 2, labels: ["stable"], code: undefined });
    });

    it("serves the earlier version on the next request after a rollback", async () => {
      expect((await served(a)).version).toBe(2);
      expect((await served(b)).version).toBe(2);
      expect((await admin(`mutation { rollbackModel(model: "${MODEL}") { name } }`, {}, b)).errors).toBeUndefined();
      expect(await served(a)).toEqual({ version: 1, labels: ["stable"], code: undefined });
      expect(await served(b)).toEqual({ version: 1, labels: ["stable"], code: undefined });
    });

    it("refuses an archived version on the next request", async () => {
      expect(await served(a, { version: 2 })).toEqual({ version: 2, labels: [], code: undefined });
      expect(await served(b, { version: 2 })).toEqual({ version: 2, labels: [], code: undefined });
      expect((await admin(`mutation { archiveModelVersion(model: "${MODEL}", version: 2) { status } }`, {})).errors).toBeUndefined();
      expect((await served(a, { version: 2 })).code).toBe("MODEL_VERSION_UNAVAILABLE");
      expect((await served(b, { version: 2 })).code).toBe("MODEL_VERSION_UNAVAILABLE");
    });

    it("serves a label moved by another process (straight in the database) on the next request", async () => {
      const { id: modelId } = await a.db.prisma.model.findFirstOrThrow({ where: { name: MODEL, ownerTenantId: null } });
      const v3 = await a.db.prisma.modelVersion.create({ data: { modelId, version: 3, status: "READY", architecture: "tiny", artifactPath: "/unused" } });
      expect((await served(b)).version).toBe(1);
      await a.db.prisma.modelLabel.update({ where: { modelId_name: { modelId, name: "stable" } }, data: { versionId: v3.id } });
      expect(await served(b)).toEqual({ version: 3, labels: ["stable"], code: undefined });
    });
  });

  it("serves a tenant's own new model over the public one of that name on its next request", async () => {
    await a.publishTinyModel("cache-shadowed", { artifactPath: "/unused" });
    const { tenantId, key } = await a.createTenantWithKey();
    const visibility = async (gateway: TestGateway) =>
      (await translate(gateway, key, { model: "cache-shadowed" })).data?.translate.model.visibility;
    expect(await visibility(a)).toBe("PUBLIC");
    expect(await visibility(b)).toBe("PUBLIC");
    await b.publishTinyModel("cache-shadowed", { ownerTenantId: tenantId, artifactPath: "/unused" });
    expect(await visibility(a)).toBe("PRIVATE");
    expect(await visibility(b)).toBe("PRIVATE");
  });
});
