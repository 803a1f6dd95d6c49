import { beforeAll, describe, expect, it } from "vitest";
import type { ModelVersionStatus } from "@parley/server";
import { errorCode, graphql } from "../support/gateway.js";
import { useTestGateway } from "../support/use-test-gateway.js";
import { insertDatasetRow } from "./support/fixtures.js";
import { CREATE_MODEL, TRAIN } from "./support/operations.js";

// Queuing training that starts from a version of another model (startFrom: a public base model,
// or another of the tenant's own) and its refusals; no runner here: jobs stay queued.
// fine-tune-public-e2e.test.ts trains one to its new version.
describe("startFrom", () => {
  const gateway = useTestGateway();
  let tenant: { tenantId: string; key: string };
  let datasetId: string;
  const ids: Record<string, Record<number, string>> = {};

  /** A model with versions in the given statuses (1, 2, ...), `stable` on the version given. */
  const addModel = async (name: string, statuses: ModelVersionStatus[], options: { owner?: string; stable?: number; languages?: [string, string] } = {}) => {
    const [sourceLanguage, targetLanguage] = options.languages ?? ["en", "fr"];
    const model = await gateway.db.prisma.model.create({ data: { name, sourceLanguage, targetLanguage, ownerTenantId: options.owner ?? null } });
    ids[name] = {};
    for (const [index, status] of statuses.entries()) {
      const row = await gateway.db.prisma.modelVersion.create({
        data: { modelId: model.id, version: index + 1, status, architecture: "lstm", artifactPath: `/nonexistent/${name}/${index + 1}`, trainingConfig: { preset: "tiny" } },
      });
      ids[name]![index + 1] = row.id;
    }
    if (options.stable) await gateway.db.prisma.modelLabel.create({ data: { modelId: model.id, name: "stable", versionId: ids[name]![options.stable]! } });
    return model;
  };

  beforeAll(async () => {
    tenant = await gateway.createTenantWithKey({ monthlyTrainingMinutes: 60 }, ["TRAIN", "READ"]);
    await graphql(gateway.graphqlUrl, CREATE_MODEL, { input: { name: "mine", sourceLanguage: "en", targetLanguage: "fr" } }, tenant.key);
    datasetId = (await insertDatasetRow(gateway.db.prisma, tenant.tenantId)).id;
    await addModel("base-en-fr", ["READY", "READY", "TRAINING", "ARCHIVED", "FAILED"], { stable: 1 });
    await addModel("base-en-de", ["READY"], { stable: 1, languages: ["en", "de"] });
    await addModel("empty-en-fr", ["TRAINING"]);
    await addModel("own-base", ["READY", "READY", "FAILED"], { owner: tenant.tenantId });
    const other = await gateway.createTenantWithKey({}, ["TRAIN"]);
    await addModel("secret-en-fr", ["READY"], { owner: other.tenantId, stable: 1 });
  });

  const train = (input: Record<string, unknown>) =>
    graphql(gateway.graphqlUrl, TRAIN, { input: { model: "mine", dataset: datasetId, maxMinutes: 2, ...input } }, tenant.key);
  const parentOf = async (jobId: string) => (await gateway.db.prisma.trainingJob.findUniqueOrThrow({ where: { id: jobId } })).parentVersionId;

  it("queues training from a public model's stable version, or a version named, with its shape", async () => {
    const queued = await train({ startFrom: { model: "base-en-fr" } });
    expect(queued.errors).toBeUndefined();
    expect(queued.data!.trainModel).toMatchObject({
      status: "QUEUED", model: { name: "mine" }, architecture: "LSTM", preset: "tiny",
      startedFrom: { model: "base-en-fr", visibility: "PUBLIC", version: 1 }, continueFromVersion: null,
    });
    expect(await parentOf(queued.data!.trainModel.id)).toBe(ids["base-en-fr"]![1]);

    const pinned = await train({ startFrom: { model: "base-en-fr", version: 2 }, preset: "tiny", architecture: "LSTM" });
    expect(pinned.data!.trainModel.startedFrom).toEqual({ model: "base-en-fr", visibility: "PUBLIC", version: 2 });
    expect(await parentOf(pinned.data!.trainModel.id)).toBe(ids["base-en-fr"]![2]);
  });

  it("starts from another of the tenant's own models: without stable, its latest READY version", async () => {
    const queued = await train({ startFrom: { model: "own-base" } });
    expect(queued.errors).toBeUndefined();
    expect(queued.data!.trainModel.startedFrom).toEqual({ model: "own-base", visibility: "PRIVATE", version: 2 });
    expect(await parentOf(queued.data!.trainModel.id)).toBe(ids["own-base"]![2]);
  });

  it("refuses what it cannot start from, creating and billing nothing", async () => {
    const counts = () =>
      Promise.all([gateway.db.prisma.trainingJob.count(), gateway.db.prisma.modelVersion.count(), gateway.db.prisma.usageRecord.count()]);
    const before = await counts();
    const refusal = async (input: Record<string, unknown>) => {
      const response = await train(input);
      return { code: errorCode(response), message: response.errors?.[0]?.message, extensions: response.errors?.[0]?.extensions };
    };

    const both = await refusal({ startFrom: { model: "base-en-fr" }, continueFromVersion: 1 });
    expect(both).toMatchObject({ code: "BAD_USER_INPUT", extensions: { field: "startFrom" } });
    // Another tenant's private model answers exactly as a model that does not exist.
    const secret = await refusal({ startFrom: { model: "secret-en-fr" } });
    expect(secret).toMatchObject({ code: "NOT_FOUND", message: 'Model "secret-en-fr" not found.' });
    expect((await refusal({ startFrom: { model: "no-such-model" } })).message).toBe('Model "no-such-model" not found.');
    expect((await refusal({ startFrom: { model: "secret-en-fr", version: 1 } })).code).toBe("NOT_FOUND");
    for (const [version, status] of [[3, "TRAINING"], [4, "ARCHIVED"], [5, "FAILED"]] as const) {
      expect(await refusal({ startFrom: { model: "base-en-fr", version } })).toMatchObject({
        code: "BAD_USER_INPUT", extensions: { field: "startFrom", versionStatus: status },
      });
    }
    expect((await refusal({ startFrom: { model: "base-en-fr", version: 99 } })).code).toBe("NOT_FOUND");
    expect(await refusal({ startFrom: { model: "base-en-fr", version: 0 } })).toMatchObject({ code: "BAD_USER_INPUT", extensions: { field: "startFrom" } });
    expect(await refusal({ startFrom: { model: "empty-en-fr" } })).toMatchObject({ code: "BAD_USER_INPUT", extensions: { field: "startFrom" } });
    expect(await refusal({ startFrom: { model: "base-en-de" } })).toMatchObject({ code: "BAD_USER_INPUT", extensions: { field: "startFrom" } });
    expect(await refusal({ startFrom: { model: "base-en-fr" }, preset: "small" })).toMatchObject({ code: "BAD_USER_INPUT", extensions: { field: "preset" } });
    expect(await refusal({ startFrom: { model: "base-en-fr" }, architecture: "TRANSFORMER" })).toMatchObject({
      code: "BAD_USER_INPUT", extensions: { field: "architecture" },
    });
    expect(await counts()).toEqual(before);
  });

  it("names a parent only when the caller can see its model", async () => {
    const mine = await gateway.db.prisma.model.findFirstOrThrow({ where: { name: "mine", ownerTenantId: tenant.tenantId } });
    await gateway.db.prisma.modelVersion.createMany({
      data: [
        { modelId: mine.id, version: 1, status: "READY", architecture: "lstm", parentVersionId: ids["base-en-fr"]![1] },
        // Not reachable through the API: a parent in another tenant's private model stays hidden.
        { modelId: mine.id, version: 2, status: "READY", architecture: "lstm", parentVersionId: ids["secret-en-fr"]![1] },
        { modelId: mine.id, version: 3, status: "READY", architecture: "lstm", parentVersionId: null },
      ],
    });
    const query = `query { model(name: "mine") { versions { version parentVersion parent { model visibility version } } } }`;
    const response = await graphql(gateway.graphqlUrl, query, {}, tenant.key);
    expect(response.data!.model.versions).toEqual([
      { version: 1, parentVersion: null, parent: { model: "base-en-fr", visibility: "PUBLIC", version: 1 } },
      { version: 2, parentVersion: null, parent: null },
      { version: 3, parentVersion: null, parent: null },
    ]);
  });
});
