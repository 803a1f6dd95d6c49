import { beforeAll, describe, expect, it } from "vitest";
import type { ModelVersionStatus } from "@parley/server";
import { errorCode, graphql } from "../support/gateway.js";
import { useTestGateway } from "../support/use-test-gateway.js";
import { insertDatasetRow } from "./support/fixtures.js";
import { CREATE_MODEL, JOB, TRAIN } from "./support/operations.js";

// Queuing continued training (continueFromVersion) and its refusals; no runner here: jobs stay queued.
// train-release-e2e.test.ts runs a continuation to its new version.
describe("continueFromVersion", () => {
  const gateway = useTestGateway();
  let tenant: { tenantId: string; key: string };
  let datasetId: string;
  let modelId: string;
  const versionIds: Record<number, string> = {};

  const addVersion = async (version: number, status: ModelVersionStatus, architecture = "lstm") => {
    const row = await gateway.db.prisma.modelVersion.create({
      data: { modelId, version, status, architecture, artifactPath: `/nonexistent/${version}`, trainingConfig: { preset: "tiny" } },
    });
    versionIds[version] = row.id;
  };

  beforeAll(async () => {
    tenant = await gateway.createTenantWithKey({ monthlyTrainingMinutes: 60 }, ["TRAIN", "READ"]);
    const created = await graphql(gateway.graphqlUrl, CREATE_MODEL, { input: { name: "mine", sourceLanguage: "en", targetLanguage: "fr" } }, tenant.key);
    modelId = created.data!.createModel.id;
    datasetId = (await insertDatasetRow(gateway.db.prisma, tenant.tenantId)).id;
    await addVersion(1, "READY");
    await addVersion(2, "TRAINING");
    await addVersion(3, "FAILED");
    await addVersion(4, "ARCHIVED");
  });

  const train = (input: Record<string, unknown>, key = tenant.key) =>
    graphql(gateway.graphqlUrl, TRAIN, { input: { model: "mine", dataset: datasetId, maxMinutes: 2, ...input } }, key);
  const jobCount = () => gateway.db.prisma.trainingJob.count();

  it("queues a continuation with the parent's architecture and preset, and records the parent", async () => {
    const queued = await train({ continueFromVersion: 1 });
    expect(queued.errors).toBeUndefined();
    expect(queued.data!.trainModel).toMatchObject({ status: "QUEUED", architecture: "LSTM", preset: "tiny", continueFromVersion: 1 });
    const row = await gateway.db.prisma.trainingJob.findUniqueOrThrow({ where: { id: queued.data!.trainModel.id } });
    expect(row.parentVersionId).toBe(versionIds[1]);
    // Naming the parent's own architecture and preset is fine.
    expect((await train({ continueFromVersion: 1, architecture: "LSTM", preset: "tiny" })).errors).toBeUndefined();
    // Without continueFromVersion a job trains from scratch, with the usual defaults.
    const fresh = await train({});
    expect(fresh.data!.trainModel).toMatchObject({ architecture: "TRANSFORMER", preset: "small", continueFromVersion: null });
    const job = await graphql(gateway.graphqlUrl, JOB, { id: queued.data!.trainModel.id }, tenant.key);
    expect(job.data!.trainingJob.resultVersion).toBeNull();
  });

  it("refuses versions that cannot be continued, other shapes and other tenants' versions, queuing nothing", async () => {
    const before = await jobCount();
    for (const [version, status] of [[2, "TRAINING"], [3, "FAILED"], [4, "ARCHIVED"]] as const) {
      const refused = await train({ continueFromVersion: version });
      expect(errorCode(refused)).toBe("BAD_USER_INPUT");
      expect(refused.errors![0]!.extensions).toMatchObject({ field: "continueFromVersion", versionStatus: status });
    }
    expect(errorCode(await train({ continueFromVersion: 99 }))).toBe("NOT_FOUND");
    for (const bad of [0, -1]) {
      const refused = await train({ continueFromVersion: bad });
      expect(errorCode(refused)).toBe("BAD_USER_INPUT");
      expect(refused.errors![0]!.extensions).toMatchObject({ field: "continueFromVersion" });
    }
    const otherPreset = await train({ continueFromVersion: 1, preset: "small" });
    expect(errorCode(otherPreset)).toBe("BAD_USER_INPUT");
    expect(otherPreset.errors![0]!.extensions).toMatchObject({ field: "preset" });
    const otherArchitecture = await train({ continueFromVersion: 1, architecture: "TRANSFORMER" });
    expect(errorCode(otherArchitecture)).toBe("BAD_USER_INPUT");
    expect(otherArchitecture.errors![0]!.extensions).toMatchObject({ field: "architecture" });

    // Another tenant reaches neither our model nor, through its own model of that name, our versions.
    const other = await gateway.createTenantWithKey({ monthlyTrainingMinutes: 60 }, ["TRAIN"]);
    const othersDataset = await insertDatasetRow(gateway.db.prisma, other.tenantId);
    const otherInput = { dataset: othersDataset.id, continueFromVersion: 1 };
    expect(errorCode(await train(otherInput, other.key))).toBe("NOT_FOUND");
    await graphql(gateway.graphqlUrl, CREATE_MODEL, { input: { name: "mine", sourceLanguage: "en", targetLanguage: "fr" } }, other.key);
    expect(errorCode(await train(otherInput, other.key))).toBe("NOT_FOUND");
    expect(await jobCount()).toBe(before);
  });

  it("continues a public model's version for admins only", async () => {
    const published = await gateway.publishTinyModel("public-en-fr");
    expect(errorCode(await train({ model: "public-en-fr", continueFromVersion: 1 }))).toBe("FORBIDDEN");
    const admin = await gateway.db.prisma.apiKey.findFirstOrThrow({ where: { scopes: { has: "ADMIN" } } });
    const adminsDataset = await insertDatasetRow(gateway.db.prisma, admin.tenantId);
    const queued = await train({ model: "public-en-fr", dataset: adminsDataset.id, continueFromVersion: 1 }, gateway.adminKey);
    expect(queued.errors).toBeUndefined();
    expect(queued.data!.trainModel).toMatchObject({ model: { name: "public-en-fr" }, continueFromVersion: 1 });
    const row = await gateway.db.prisma.trainingJob.findUniqueOrThrow({ where: { id: queued.data!.trainModel.id } });
    expect(row.parentVersionId).toBe(published.versionId);
  });
});
