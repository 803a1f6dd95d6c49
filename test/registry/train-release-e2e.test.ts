import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEngineRuntimeAdapter, createLogger, TrainingRunner, type TranslationEngine } from "@parley/server";
import { digestDirectory } from "@parley/server/testing";
import { errorCode, graphql, startTestGateway, type TestGateway } from "../support/gateway.js";
import { unlessFailed, waitFor } from "./support/wait.js";
import { ARCHIVE, CANCEL, CREATE_MODEL, DATASETS, JOB, PROMOTE, ROLLBACK, TRAIN, TRANSLATE } from "./support/operations.js";
import { syntheticPairs, toTsv } from "./support/synthetic-corpus.js";
import { uploadDataset } from "./support/upload.js";

// The whole path through the API: upload, train a tiny model to completion,
// watch the job progress, serve the new version pinned, promote it, serve it
// unpinned, roll back, archive; the ledger names the version every time.
describe("train and release through the API", () => {
  let gateway: TestGateway;
  let runner: TrainingRunner;
  let engine: TranslationEngine;
  let dataDir: string;
  let tenant: { tenantId: string; key: string };
  const MODEL = "synthetic-en-fr";

  beforeAll(async () => {
    // The real engine serves the versions trained here.
    engine = await createEngineRuntimeAdapter({ maxBatchSize: 32, maxWaitMs: 2 });
    gateway = await startTestGateway({ engine });
    dataDir = await mkdtemp(path.join(os.tmpdir(), "parley-e2e-"));
    runner = new TrainingRunner({
      prisma: gateway.db.prisma,
      databaseUrl: gateway.db.url,
      dataDir,
      logger: createLogger(process.env.PARLEY_TEST_LOG_LEVEL ?? "silent"),
      concurrency: 1,
      pollIntervalMs: 200,
      heartbeatMs: 300,
      maxTestPairs: 100,
      niceness: 0, // tests share the machine: no lower priority
    });
    await runner.start();
    tenant = await gateway.createTenantWithKey({ monthlyTrainingMinutes: 60 }, ["TRAIN", "TRANSLATE", "READ"]);
  });
  afterAll(async () => {
    await runner?.stop();
    await gateway?.stop();
    await engine?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const api = (query: string, variables: Record<string, unknown> = {}) => graphql(gateway.graphqlUrl, query, variables, tenant.key);
  const translate = (extra: Record<string, unknown> = {}) =>
    api(TRANSLATE, { input: { model: MODEL, texts: ["the red cat sees the dog", "the boy likes the book"], ...extra } });
  const lastBilledVersion = async () =>
    (await gateway.db.prisma.usageRecord.findFirst({ where: { tenantId: tenant.tenantId, kind: "TRANSLATION" }, orderBy: { createdAt: "desc" } }))
      ?.modelVersionId;

  /** Polls a job to its end, collecting the progress seen on the way. */
  async function trainToEnd(id: string) {
    const seen = { steps: new Set<number>(), statuses: new Set<string>(), eta: false, curvePoints: 0 };
    const job = await waitFor("the training job to finish", async () => {
      const view = (await api(JOB, { id })).data!.trainingJob;
      seen.statuses.add(view.status);
      seen.steps.add(view.step);
      seen.eta ||= typeof view.etaSeconds === "number";
      seen.curvePoints = view.lossCurve.length;
      return ["SUCCEEDED", "FAILED", "CANCELLED"].includes(view.status) && view;
    }, 150_000, 200);
    return { job, seen };
  }

  let datasetId: string;
  let first: { id: string; version: number; firstLoss: number };

  it("trains an uploaded dataset into a READY, unlabelled version with test metrics", async () => {
    expect((await api(CREATE_MODEL, { input: { name: MODEL, sourceLanguage: "en", targetLanguage: "fr" } })).errors).toBeUndefined();
    const upload = await uploadDataset(gateway.url, tenant.key, toTsv(syntheticPairs(1200)), { name: "synthetic", sourceLanguage: "en", targetLanguage: "fr" });
    expect(upload.status).toBe(201);
    datasetId = upload.body.id;
    expect((await api(DATASETS)).data!.datasets.nodes).toHaveLength(1);

    const queued = await api(TRAIN, { input: { model: MODEL, dataset: datasetId, preset: "tiny", maxMinutes: 3, maxSteps: 30, seed: 1 } });
    expect(queued.errors).toBeUndefined();
    const { job, seen } = await trainToEnd(queued.data!.trainModel.id);
    expect(job.error).toBeNull();
    expect(job.status).toBe("SUCCEEDED");
    expect(seen.statuses.has("RUNNING")).toBe(true);
    expect(seen.steps.size).toBeGreaterThan(2); // progress moved while we watched
    expect(job.step).toBe(job.totalSteps);
    expect(job.progress).toBe(1);
    expect(job.lossCurve.length).toBeGreaterThan(1);
    expect(job.lossCurve.at(-1).loss).toBeLessThan(job.lossCurve[0].loss);
    expect(job.usedSeconds).toBeGreaterThan(0);

    const version = job.resultVersion;
    expect(version).toMatchObject({ version: 1, status: "READY", labels: [] });
    // Thirty steps teach a tiny model little: the scores are measured, not judged here.
    expect(version.metrics.bleu).toBeGreaterThanOrEqual(0);
    expect(version.metrics.chrF).toBeGreaterThanOrEqual(0);
    expect(version.metrics.testSentences).toBeGreaterThan(0);
    expect(version.sizeBytes).toBeGreaterThan(0);
    first = { id: version.id, version: 1, firstLoss: job.lossCurve[0].loss };

    const row = await gateway.db.prisma.modelVersion.findUniqueOrThrow({ where: { id: version.id } });
    expect(row.artifactPath).toBe(path.join(dataDir, "models", row.modelId, "1"));
    expect(await digestDirectory(row.artifactPath!)).toEqual({ checksum: row.artifactChecksum, sizeBytes: Number(row.sizeBytes) });

    // Its training time is in the ledger (linked to the version) and the month's counter.
    const usage = await gateway.db.prisma.usageRecord.findMany({ where: { tenantId: tenant.tenantId, kind: "TRAINING" } });
    expect(usage).toHaveLength(1);
    expect(usage[0]).toMatchObject({ status: "SUCCEEDED", modelVersionId: version.id, trainingSeconds: job.usedSeconds });
    const counter = await gateway.db.prisma.usageCounter.findFirstOrThrow({ where: { tenantId: tenant.tenantId } });
    expect(counter.trainingSeconds).toBe(job.usedSeconds);
  }, 200_000);

  it("serves the version pinned, and unpinned once promoted to stable", async () => {
    const pinned = await translate({ version: 1 });
    expect(pinned.errors).toBeUndefined();
    expect(pinned.data!.translate.modelVersion.id).toBe(first.id);
    expect(pinned.data!.translate.translations).toHaveLength(2);
    expect(await lastBilledVersion()).toBe(first.id);
    expect(errorCode(await translate())).toBe("NOT_FOUND"); // nothing is stable yet

    expect((await api(PROMOTE, { input: { model: MODEL, version: 1 } })).errors).toBeUndefined();
    expect((await translate()).data!.translate.modelVersion.id).toBe(first.id);
    expect(await lastBilledVersion()).toBe(first.id);
  });

  const jobCount = () => gateway.db.prisma.trainingJob.count();
  const continueFrom = (version: number, extra: Record<string, unknown> = {}) =>
    api(TRAIN, { input: { model: MODEL, dataset: datasetId, maxMinutes: 1, maxSteps: 10, seed: 2, continueFromVersion: version, ...extra } });

  it("continues version 1 into version 2, promotes it, rolls back and archives it", async () => {
    const jobsBefore = await jobCount();
    expect(errorCode(await continueFrom(9))).toBe("NOT_FOUND");
    expect(errorCode(await continueFrom(0))).toBe("BAD_USER_INPUT");
    expect(errorCode(await continueFrom(1, { preset: "small" }))).toBe("BAD_USER_INPUT"); // version 1 is tiny
    expect(errorCode(await continueFrom(1, { architecture: "LSTM" }))).toBe("BAD_USER_INPUT");
    const stranger = await gateway.createTenantWithKey({ monthlyTrainingMinutes: 60 }, ["TRAIN"]);
    await graphql(gateway.graphqlUrl, CREATE_MODEL, { input: { name: MODEL, sourceLanguage: "en", targetLanguage: "fr" } }, stranger.key);
    const theirs = await graphql(gateway.graphqlUrl, TRAIN, { input: { model: MODEL, dataset: datasetId, continueFromVersion: 1 } }, stranger.key);
    expect(errorCode(theirs)).toBe("NOT_FOUND"); // their own model of that name has no version 1, ours is not theirs
    expect(await jobCount()).toBe(jobsBefore);

    const queued = await continueFrom(1);
    expect(queued.errors).toBeUndefined();
    expect(queued.data!.trainModel).toMatchObject({ preset: "tiny", architecture: "TRANSFORMER", continueFromVersion: 1 });
    const { job } = await trainToEnd(queued.data!.trainModel.id);
    expect(job).toMatchObject({ status: "SUCCEEDED", resultVersion: { version: 2, labels: [], parentVersion: 1 } });
    expect(job.lossCurve[0].loss).toBeLessThan(first.firstLoss * 0.8); // it starts from version 1's weights
    const second = job.resultVersion.id as string;
    const [parentRow, row] = await Promise.all([first.id, second].map((id) => gateway.db.prisma.modelVersion.findUniqueOrThrow({ where: { id } })));
    expect(row).toMatchObject({ parentVersionId: first.id, metrics: { parentVersion: 1, parentArtifactChecksum: parentRow!.artifactChecksum } });
    const artifactFile = (dir: string | null, name: string) => readFile(path.join(dir!, name), "utf8");
    expect(JSON.parse(await artifactFile(row!.artifactPath, "metrics.json"))).toMatchObject({ initFrom: parentRow!.artifactPath });
    expect(await artifactFile(row!.artifactPath, "tokenizer.json")).toBe(await artifactFile(parentRow!.artifactPath, "tokenizer.json"));

    await api(PROMOTE, { input: { model: MODEL, version: 2 } });
    expect((await translate()).data!.translate.modelVersion.id).toBe(second);
    expect(await lastBilledVersion()).toBe(second);

    const rolledBack = await api(ROLLBACK, { model: MODEL });
    expect(rolledBack.data!.rollbackModel.labels).toEqual([{ name: "stable", version: 1 }]);
    expect((await translate()).data!.translate.modelVersion.id).toBe(first.id);
    expect(await lastBilledVersion()).toBe(first.id);

    expect((await api(ARCHIVE, { model: MODEL, version: 2 })).data!.archiveModelVersion.status).toBe("ARCHIVED");
    expect(errorCode(await translate({ version: 2 }))).toBe("MODEL_VERSION_UNAVAILABLE");
    expect(errorCode(await api(ARCHIVE, { model: MODEL, version: 1 }))).toBe("BAD_USER_INPUT"); // stable
    expect((await translate()).data!.translate.modelVersion.id).toBe(first.id);
    const fromArchived = await continueFrom(2);
    expect(errorCode(fromArchived)).toBe("BAD_USER_INPUT");
    expect(fromArchived.errors![0]!.extensions).toMatchObject({ field: "continueFromVersion", versionStatus: "ARCHIVED" });
    expect(await jobCount()).toBe(jobsBefore + 1);
  }, 200_000);

  it("cancels a running job: its process stops, no version, its seconds billed", async () => {
    const queued = await api(TRAIN, { input: { model: MODEL, dataset: datasetId, preset: "tiny", maxMinutes: 5, maxSteps: 5000 } });
    const id = queued.data!.trainModel.id as string;
    await waitFor("the job to run", async () => unlessFailed((await api(JOB, { id })).data!.trainingJob).step > 0, 60_000, 100);
    const cancelled = await api(CANCEL, { id });
    expect(cancelled.data!.cancelTrainingJob.status).toBe("CANCELLED");
    await waitFor("the runner to let go", async () => !runner.activeJobIds.includes(id), 15_000, 100);
    const row = await gateway.db.prisma.trainingJob.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: "CANCELLED", resultVersionId: null });
    expect(await gateway.db.prisma.modelVersion.count({ where: { model: { name: MODEL } } })).toBe(2);
    const usage = await gateway.db.prisma.usageRecord.findFirstOrThrow({ where: { idempotencyKey: { startsWith: `training:${id}:` } } });
    expect(usage.status).toBe("SUCCEEDED");
  }, 90_000);
});
