import { beforeAll, describe, expect, it } from "vitest";
import { errorCode, graphql } from "../support/gateway.js";
import { useTestGateway } from "../support/use-test-gateway.js";
import { getTinyModelDir } from "../support/tiny-model.js";
import { ledgerSettled } from "../support/ledger.js";

const TRANSLATE = `mutation T($input: TranslateInput!) { translate(input: $input) { modelVersion { version } model { name visibility } } }`;

describe("model and version resolution", () => {
  const gateway = useTestGateway();
  let key: string;
  let tenantId: string;
  let modelId: string;
  const served = async (input: Record<string, unknown>, withKey = key) => {
    const response = await graphql(gateway.graphqlUrl, TRANSLATE, { input: { model: "routed", texts: ["hello"], ...input } }, withKey);
    return { response, version: response.data?.translate.modelVersion.version as number | undefined };
  };

  beforeAll(async () => {
    ({ key, tenantId } = await gateway.createTenantWithKey({ requestsPerMinute: 10_000, maxConcurrentRequests: 100 }));
    const published = await gateway.publishTinyModel("routed");
    modelId = published.modelId;
    const artifactPath = await getTinyModelDir();
    const prisma = gateway.db.prisma;
    const v2 = await prisma.modelVersion.create({ data: { modelId, version: 2, status: "READY", architecture: "tiny", artifactPath } });
    await prisma.modelVersion.create({ data: { modelId, version: 3, status: "ARCHIVED", architecture: "tiny", artifactPath } });
    await prisma.modelVersion.create({ data: { modelId, version: 4, status: "TRAINING", architecture: "tiny" } });
    await prisma.modelLabel.create({ data: { modelId, name: "canary", versionId: v2.id } });
  });

  it("serves stable by default, a pinned version or a label when asked", async () => {
    expect((await served({})).version).toBe(1);
    expect((await served({ version: 2 })).version).toBe(2);
    expect((await served({ label: "canary" })).version).toBe(2);
  });

  it("refuses archived and unfinished versions, unknown versions, labels and models clearly", async () => {
    const archived = await served({ version: 3 });
    expect(errorCode(archived.response)).toBe("MODEL_VERSION_UNAVAILABLE");
    expect(archived.response.status).toBe(409);
    expect(archived.response.errors?.[0]?.message).toMatch(/archived/);
    expect(errorCode((await served({ version: 4 })).response)).toBe("MODEL_VERSION_UNAVAILABLE");
    expect(errorCode((await served({ version: 9 })).response)).toBe("NOT_FOUND");
    expect(errorCode((await served({ label: "nightly" })).response)).toBe("NOT_FOUND");
    expect(errorCode((await served({ model: "nope" })).response)).toBe("NOT_FOUND");
    expect(errorCode((await served({ version: 1, label: "stable" })).response)).toBe("BAD_USER_INPUT");
    await ledgerSettled(gateway.db.prisma, tenantId);
    expect(await gateway.db.prisma.usageRecord.count({ where: { tenantId, status: { not: "SUCCEEDED" } } })).toBe(0);
  });

  it("sends about canaryPercent of unpinned traffic to the canary, and none of the pinned", async () => {
    await gateway.db.prisma.model.update({ where: { id: modelId }, data: { canaryPercent: 30 } });
    const versions = [];
    for (let batch = 0; batch < 5; batch += 1) {
      versions.push(...(await Promise.all(Array.from({ length: 20 }, () => served({})))).map((r) => r.version));
    }
    const canaryShare = versions.filter((v) => v === 2).length / versions.length;
    expect(versions.every((v) => v === 1 || v === 2)).toBe(true);
    expect(canaryShare).toBeGreaterThan(0.1);
    expect(canaryShare).toBeLessThan(0.5);
    const pinned = await Promise.all(Array.from({ length: 20 }, () => served({ label: "stable" })));
    expect(pinned.every((r) => r.version === 1)).toBe(true);
  });

  it("prefers the caller's own model over a public one of the same name", async () => {
    const own = await gateway.publishTinyModel("routed", { ownerTenantId: tenantId });
    await gateway.db.prisma.modelVersion.update({ where: { id: own.versionId }, data: { version: 7 } });
    const mine = await served({});
    expect(mine.response.data?.translate.model.visibility).toBe("PRIVATE");
    expect(mine.version).toBe(7);
    const other = await gateway.createTenantWithKey();
    const theirs = await served({}, other.key);
    expect(theirs.response.data?.translate.model.visibility).toBe("PUBLIC");
  });
});
