import { existsSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { errorCode, graphql } from "../support/gateway.js";
import { useTestGateway } from "../support/use-test-gateway.js";
import { syntheticPairs, toTsv } from "./support/synthetic-corpus.js";
import { uploadDataset } from "./support/upload.js";
import { CREATE_MODEL, DATASET, DATASETS, DELETE_DATASET, TRAIN } from "./support/operations.js";

// Datasets as the gateway serves them: uploaded beside /graphql, read and deleted through GraphQL, per tenant.
describe("datasets API", () => {
  const gateway = useTestGateway();
  let owner: { tenantId: string; key: string };
  let other: { tenantId: string; key: string };
  let datasetId: string;

  beforeAll(async () => {
    owner = await gateway.createTenantWithKey({}, ["TRAIN", "READ"]);
    other = await gateway.createTenantWithKey({}, ["TRAIN", "READ"]);
    const uploaded = await uploadDataset(gateway.url, owner.key, toTsv(syntheticPairs(300)), { name: "synthetic", sourceLanguage: "en", targetLanguage: "fr" });
    expect(uploaded.status).toBe(201);
    datasetId = uploaded.body.id;
  });

  const call = (query: string, variables: Record<string, unknown>, key: string) => graphql(gateway.graphqlUrl, query, variables, key);

  it("lists and reads the tenant's own datasets only", async () => {
    const mine = await call(DATASETS, {}, owner.key);
    expect(mine.data!.datasets.nodes).toEqual([
      expect.objectContaining({ id: datasetId, name: "synthetic", pairCount: 300, sizeBytes: expect.any(Number), checksum: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) }),
    ]);
    const node = mine.data!.datasets.nodes[0];
    expect(node.trainCount + node.devCount + node.testCount).toBe(300);
    expect((await call(DATASET, { id: datasetId }, owner.key)).data!.dataset.name).toBe("synthetic");
    expect((await call(DATASETS, {}, other.key)).data!.datasets.nodes).toEqual([]);
    expect((await call(DATASET, { id: datasetId }, other.key)).data!.dataset).toBeNull();
    expect(errorCode(await call(DELETE_DATASET, { id: datasetId }, other.key))).toBe("NOT_FOUND");
  });

  it("refuses to delete a dataset a queued job needs, then deletes row and file", async () => {
    await call(CREATE_MODEL, { input: { name: "m", sourceLanguage: "en", targetLanguage: "fr" } }, owner.key);
    const job = await call(TRAIN, { input: { model: "m", dataset: datasetId, preset: "tiny", maxMinutes: 1 } }, owner.key);
    expect(job.errors).toBeUndefined();
    expect(errorCode(await call(DELETE_DATASET, { id: datasetId }, owner.key))).toBe("CONFLICT");
    await gateway.db.prisma.trainingJob.update({ where: { id: job.data!.trainModel.id }, data: { status: "CANCELLED" } });

    const { storagePath } = await gateway.db.prisma.dataset.findUniqueOrThrow({ where: { id: datasetId } });
    expect(existsSync(storagePath)).toBe(true);
    const deleted = await call(DELETE_DATASET, { id: datasetId }, owner.key);
    expect(deleted.data!.deleteDataset).toEqual({ id: datasetId, name: "synthetic" });
    expect(existsSync(storagePath)).toBe(false);
    expect((await call(DATASETS, {}, owner.key)).data!.datasets.nodes).toEqual([]);
    // The job keeps its record, without the dataset.
    expect((await gateway.db.prisma.trainingJob.findUniqueOrThrow({ where: { id: job.data!.trainModel.id } })).datasetId).toBeNull();
  });
});
