import { beforeAll, describe, expect, it } from "vitest";
import { createSqlPool, resolveServingVersion } from "@parley/server/testing";
import { errorCode, graphql } from "../support/gateway.js";
import { useTestGateway } from "../support/use-test-gateway.js";
import { getTinyModelDir } from "../support/tiny-model.js";
import { ARCHIVE, PROMOTE, ROLLBACK, SET_CANARY, TRANSLATE } from "./support/operations.js";

// Release management through the API: labels move for the next request, the
// ledger records the version that served, archived versions serve nothing.
describe("release management", () => {
  const gateway = useTestGateway();
  let owner: { tenantId: string; key: string };
  const versionIds: Record<number, string> = {};
  const MODEL = "release-en-fr";

  beforeAll(async () => {
    owner = await gateway.createTenantWithKey({}, ["TRAIN", "TRANSLATE", "READ"]);
    const artifactPath = await getTinyModelDir();
    const model = await gateway.db.prisma.model.create({
      data: { name: MODEL, sourceLanguage: "en", targetLanguage: "fr", ownerTenantId: owner.tenantId },
    });
    for (const version of [1, 2, 3]) {
      const row = await gateway.db.prisma.modelVersion.create({
        data: { modelId: model.id, version, status: "READY", architecture: "transformer", artifactPath },
      });
      versionIds[version] = row.id;
    }
    await gateway.db.prisma.modelVersion.create({ data: { modelId: model.id, version: 4, status: "FAILED", architecture: "transformer" } });
  });

  const call = (query: string, variables: Record<string, unknown>, key = owner.key) => graphql(gateway.graphqlUrl, query, variables, key);
  const promote = (version: number, label = "stable") => call(PROMOTE, { input: { model: MODEL, version, label } });
  const translate = (extra: Record<string, unknown> = {}) =>
    call(TRANSLATE, { input: { model: MODEL, texts: ["hello world"], ...extra } });
  const lastLedgerVersion = async () =>
    (await gateway.db.prisma.usageRecord.findFirst({ where: { tenantId: owner.tenantId }, orderBy: { createdAt: "desc" } }))?.modelVersionId;

  it("serves the promoted version from the next request on, and bills it", async () => {
    expect(errorCode(await translate())).toBe("NOT_FOUND");
    const promoted = await promote(1);
    expect(promoted.errors).toBeUndefined();
    expect(promoted.data!.promoteModelVersion.labels).toEqual([{ name: "stable", version: 1 }]);
    expect((await translate()).data!.translate.modelVersion.version).toBe(1);
    expect(await lastLedgerVersion()).toBe(versionIds[1]);

    await promote(2);
    expect((await translate()).data!.translate.modelVersion.version).toBe(2);
    expect(await lastLedgerVersion()).toBe(versionIds[2]);
    expect((await translate({ version: 1 })).data!.translate.modelVersion.version).toBe(1);
    expect(await lastLedgerVersion()).toBe(versionIds[1]);
  });

  it("promotes only READY versions, with a valid label, of a model the key may manage", async () => {
    expect(errorCode(await promote(4))).toBe("BAD_USER_INPUT");
    expect(errorCode(await promote(9))).toBe("NOT_FOUND");
    expect(errorCode(await promote(1, "Not A Label"))).toBe("BAD_USER_INPUT");
    const reader = await gateway.createTenantWithKey({}, ["READ", "TRANSLATE"]);
    expect(errorCode(await call(PROMOTE, { input: { model: MODEL, version: 1 } }, reader.key))).toBe("FORBIDDEN");
    const stranger = await gateway.createTenantWithKey({}, ["TRAIN"]);
    expect(errorCode(await call(PROMOTE, { input: { model: MODEL, version: 1 } }, stranger.key))).toBe("NOT_FOUND");
    await gateway.publishTinyModel("public-release");
    expect(errorCode(await call(PROMOTE, { input: { model: "public-release", version: 1 } }, stranger.key))).toBe("FORBIDDEN");
    expect((await call(PROMOTE, { input: { model: "public-release", version: 1, label: "canary" } }, gateway.adminKey)).errors).toBeUndefined();
  });

  it("rolls a label back step by step through its history", async () => {
    await promote(3);
    expect((await translate()).data!.translate.modelVersion.version).toBe(3);
    const first = await call(ROLLBACK, { model: MODEL });
    expect(first.data!.rollbackModel.labels).toEqual([{ name: "stable", version: 2 }]);
    expect((await translate()).data!.translate.modelVersion.version).toBe(2);
    expect(await lastLedgerVersion()).toBe(versionIds[2]);
    const second = await call(ROLLBACK, { model: MODEL, label: "stable" });
    expect(second.data!.rollbackModel.labels).toEqual([{ name: "stable", version: 1 }]);
    expect(errorCode(await call(ROLLBACK, { model: MODEL }))).toBe("BAD_USER_INPUT");
    const events = await gateway.db.prisma.modelLabelEvent.findMany({ where: { label: "stable", model: { name: MODEL } } });
    expect(events.map((e) => e.reason)).toEqual(["promote", "promote", "promote", "rollback", "rollback"]);
  });

  it("sends the canary share of unpinned traffic to the canary version", async () => {
    expect(errorCode(await call(SET_CANARY, { model: MODEL, percent: 20 }))).toBe("BAD_USER_INPUT");
    await promote(3, "canary");
    expect(errorCode(await call(SET_CANARY, { model: MODEL, percent: 101 }))).toBe("BAD_USER_INPUT");
    expect((await call(SET_CANARY, { model: MODEL, percent: 20 })).data!.setCanaryTraffic.canaryPercent).toBe(20);

    // The selection itself, 1,000 draws: 20% lands in the binomial 99% interval [168, 232].
    let canary = 0;
    const sql = createSqlPool(gateway.db.url, 4);
    try {
      for (let round = 0; round < 50; round++) {
        const draws = await Promise.all(Array.from({ length: 20 }, () => resolveServingVersion(sql, owner.tenantId, MODEL, {})));
        for (const { version } of draws) {
          if (version.id === versionIds[3]) canary += 1;
          else expect(version.id).toBe(versionIds[1]);
        }
      }
    } finally {
      await sql.end();
    }
    expect(canary).toBeGreaterThanOrEqual(168);
    expect(canary).toBeLessThanOrEqual(232);

    // Through the API, 150 requests: 99% interval [17, 43]; each billed to the version that served it.
    const served: number[] = [];
    for (let round = 0; round < 30; round++) {
      const answers = await Promise.all(Array.from({ length: 5 }, () => translate()));
      served.push(...answers.map((answer) => answer.data!.translate.modelVersion.version as number));
    }
    const viaApi = served.filter((version) => version === 3).length;
    expect(viaApi).toBeGreaterThanOrEqual(17);
    expect(viaApi).toBeLessThanOrEqual(43);
    const billed = await gateway.db.prisma.usageRecord.groupBy({
      by: ["modelVersionId"],
      where: { tenantId: owner.tenantId, createdAt: { gte: new Date(Date.now() - 120_000) }, modelVersionId: { in: [versionIds[1]!, versionIds[3]!] } },
      _count: true,
    });
    expect(billed.find((row) => row.modelVersionId === versionIds[3])?._count).toBeGreaterThanOrEqual(viaApi);
  }, 120_000);

  it("archives a version: labels gone, new traffic refused; the stable version is refused", async () => {
    expect(errorCode(await call(ARCHIVE, { model: MODEL, version: 1 }))).toBe("BAD_USER_INPUT");
    const archived = await call(ARCHIVE, { model: MODEL, version: 3 });
    expect(archived.errors).toBeUndefined();
    expect(archived.data!.archiveModelVersion).toMatchObject({ version: 3, status: "ARCHIVED", labels: [] });
    const model = await gateway.db.prisma.model.findFirstOrThrow({ where: { name: MODEL } });
    expect(model.canaryPercent).toBe(0);
    const before = await gateway.db.prisma.usageRecord.count({ where: { tenantId: owner.tenantId } });
    expect(errorCode(await translate({ version: 3 }))).toBe("MODEL_VERSION_UNAVAILABLE");
    expect(await gateway.db.prisma.usageRecord.count({ where: { tenantId: owner.tenantId } })).toBe(before);
    expect(errorCode(await promote(3))).toBe("BAD_USER_INPUT");
    for (let request = 0; request < 20; request++) expect((await translate()).data!.translate.modelVersion.version).toBe(1);
    // Archiving twice is a no-op.
    expect((await call(ARCHIVE, { model: MODEL, version: 3 })).data!.archiveModelVersion.status).toBe("ARCHIVED");
  });
});
