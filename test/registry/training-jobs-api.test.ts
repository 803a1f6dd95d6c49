import { beforeAll, describe, expect, it } from "vitest";
import { billingPeriod } from "@parley/server/testing";
import { errorCode, graphql } from "../support/gateway.js";
import { useTestGateway } from "../support/use-test-gateway.js";
import { insertDatasetRow } from "./support/fixtures.js";
import { CANCEL, CREATE_MODEL, JOB, JOBS, TRAIN } from "./support/operations.js";

// Queuing and cancelling training jobs (no runner here: jobs stay queued).
describe("training jobs API", () => {
  const gateway = useTestGateway();
  let tenant: { tenantId: string; key: string };
  let datasetId: string;

  beforeAll(async () => {
    tenant = await gateway.createTenantWithKey({ monthlyTrainingMinutes: 30 }, ["TRAIN", "READ"]);
    await graphql(gateway.graphqlUrl, CREATE_MODEL, { input: { name: "mine", sourceLanguage: "en", targetLanguage: "fr" } }, tenant.key);
    datasetId = (await insertDatasetRow(gateway.db.prisma, tenant.tenantId)).id;
  });

  const train = (input: Record<string, unknown>, key = tenant.key) =>
    graphql(gateway.graphqlUrl, TRAIN, { input: { model: "mine", dataset: datasetId, preset: "tiny", maxMinutes: 5, ...input } }, key);

  it("queues a job on the caller's model and dataset", async () => {
    const queued = await train({});
    expect(queued.errors).toBeUndefined();
    expect(queued.data!.trainModel).toMatchObject({ status: "QUEUED", preset: "tiny", maxMinutes: 5, architecture: "TRANSFORMER", model: { name: "mine" }, dataset: { id: datasetId } });
    const job = await graphql(gateway.graphqlUrl, JOB, { id: queued.data!.trainModel.id }, tenant.key);
    expect(job.data!.trainingJob).toMatchObject({ status: "QUEUED", progress: 0, attempts: 0, lossCurve: [], resultVersion: null });
  });

  it("refuses what is not the caller's, unknown presets and bad limits", async () => {
    expect(errorCode(await train({ preset: "gigantic" }))).toBe("BAD_USER_INPUT");
    expect(errorCode(await train({ maxMinutes: 0 }))).toBe("BAD_USER_INPUT");
    expect(errorCode(await train({ model: "nobody-has-this" }))).toBe("NOT_FOUND");
    const other = await gateway.createTenantWithKey({}, ["TRAIN"]);
    const othersDataset = await insertDatasetRow(gateway.db.prisma, other.tenantId);
    expect(errorCode(await train({ dataset: othersDataset.id }))).toBe("NOT_FOUND");
    expect(errorCode(await train({ dataset: "not-a-uuid" }))).toBe("NOT_FOUND");
    const german = await insertDatasetRow(gateway.db.prisma, tenant.tenantId, { targetLanguage: "de" });
    expect(errorCode(await train({ dataset: german.id }))).toBe("BAD_USER_INPUT");
    const tiny = await insertDatasetRow(gateway.db.prisma, tenant.tenantId, { testCount: 0 });
    expect(errorCode(await train({ dataset: tiny.id }))).toBe("BAD_USER_INPUT");
    const readOnly = await gateway.createTenantWithKey({}, ["READ"]);
    expect(errorCode(await train({}, readOnly.key))).toBe("FORBIDDEN");
    // A public model is trained by admins only.
    await gateway.publishTinyModel("public-en-fr");
    expect(errorCode(await train({ model: "public-en-fr" }))).toBe("FORBIDDEN");
  });

  it("keeps queued jobs within the month's training minutes", async () => {
    // 30 minutes a month; 5 already promised to the first job, 10 used.
    await gateway.db.prisma.usageCounter.create({
      data: { tenantId: tenant.tenantId, period: billingPeriod(), trainingSeconds: 600 },
    });
    const over = await train({ maxMinutes: 16 });
    expect(errorCode(over)).toBe("QUOTA_EXCEEDED");
    expect(over.errors![0]!.extensions).toMatchObject({ requestedMinutes: 16, remainingMinutes: 15 });
    expect(over.status).toBe(429);
    const fits = await train({ maxMinutes: 15 });
    expect(fits.errors).toBeUndefined();
    expect(errorCode(await train({ maxMinutes: 1 }))).toBe("QUOTA_EXCEEDED");
    // Cancelling gives the promised minutes back.
    await graphql(gateway.graphqlUrl, CANCEL, { id: fits.data!.trainModel.id }, tenant.key);
    expect((await train({ maxMinutes: 1 })).errors).toBeUndefined();
  });

  it("cancels a queued job once, and lists only the tenant's jobs", async () => {
    const queued = (await train({ maxMinutes: 1 }));
    const id = queued.data!.trainModel.id as string;
    const cancelled = await graphql(gateway.graphqlUrl, CANCEL, { id }, tenant.key);
    expect(cancelled.data!.cancelTrainingJob.status).toBe("CANCELLED");
    expect(cancelled.data!.cancelTrainingJob.finishedAt).toBeTruthy();
    expect(errorCode(await graphql(gateway.graphqlUrl, CANCEL, { id }, tenant.key))).toBe("BAD_USER_INPUT");

    const other = await gateway.createTenantWithKey({}, ["TRAIN", "READ"]);
    expect(errorCode(await graphql(gateway.graphqlUrl, CANCEL, { id }, other.key))).toBe("NOT_FOUND");
    expect((await graphql(gateway.graphqlUrl, JOB, { id }, other.key)).data!.trainingJob).toBeNull();
    expect((await graphql(gateway.graphqlUrl, JOBS, {}, other.key)).data!.trainingJobs.nodes).toEqual([]);
    const mine = await graphql(gateway.graphqlUrl, JOBS, { status: "CANCELLED" }, tenant.key);
    expect(mine.data!.trainingJobs.nodes.map((job: { id: string }) => job.id)).toContain(id);
    expect(mine.data!.trainingJobs.nodes.every((job: { status: string }) => job.status === "CANCELLED")).toBe(true);
  });
});
