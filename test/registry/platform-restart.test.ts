import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateApiKey } from "@parley/server";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { graphql } from "../support/gateway.js";
import { isAlive, startPlatform, type PlatformProcess } from "./support/platform-process.js";
import { unlessFailed, waitFor } from "./support/wait.js";
import { CREATE_MODEL, JOB, TRAIN } from "./support/operations.js";
import { syntheticPairs, toTsv } from "./support/synthetic-corpus.js";
import { uploadDataset } from "./support/upload.js";

// The platform killed (SIGKILL) in the middle of a training job, then started
// again: the job never stays RUNNING; it is marked INTERRUPTED and resumes from
// its last checkpoint. (A clean stop is tested on the runner itself.)
describe("platform restart during training", () => {
  let db: TestDatabase;
  let dataDir: string;
  let platform: PlatformProcess | undefined;
  const adminKey = generateApiKey();

  beforeAll(async () => {
    db = await createTestDatabase();
    dataDir = await mkdtemp(path.join(os.tmpdir(), "parley-restart-"));
  });
  afterAll(async () => {
    await platform?.kill("SIGKILL");
    await db?.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const start = () =>
    startPlatform({
      DATABASE_URL: db.url,
      PARLEY_DATA_DIR: dataDir,
      PARLEY_ADMIN_KEY: adminKey,
      PARLEY_BOOTSTRAP_CORPUS: "none",
      PARLEY_TRAINING_CONCURRENCY: "1",
    });
  const job = async (id: string) => unlessFailed(await db.prisma.trainingJob.findUniqueOrThrow({ where: { id } }));

  it("interrupts a job left RUNNING by a killed platform and resumes it from its checkpoint", async () => {
    platform = await start();
    const api = (query: string, variables: Record<string, unknown>) => graphql(`${platform!.url}/graphql`, query, variables, adminKey);
    await api(CREATE_MODEL, { input: { name: "restart", sourceLanguage: "en", targetLanguage: "fr" } });
    const upload = await uploadDataset(platform.url, adminKey, toTsv(syntheticPairs(800)), { name: "synthetic", sourceLanguage: "en", targetLanguage: "fr" });
    expect(upload.status).toBe(201);
    const queued = await api(TRAIN, { input: { model: "restart", dataset: upload.body.id, preset: "tiny", maxMinutes: 5, maxSteps: 60, seed: 3 } });
    const id = queued.data!.trainModel.id as string;

    // Mid-training, after a checkpoint: kill the platform outright.
    const before = await waitFor("a checkpoint", async () => {
      const row = await job(id);
      return row.status === "RUNNING" && row.checkpointStep !== null && row;
    }, 90_000);
    const trainingPids = platform.trainingPids();
    expect(trainingPids).toHaveLength(1);
    await platform.kill("SIGKILL");
    platform = undefined;
    expect((await job(id)).status).toBe("RUNNING"); // what a crash leaves behind
    // Its training process notices and exits on its own, so the job never runs twice.
    await waitFor("the orphaned training process to exit", async () => !isAlive(trainingPids[0]!), 30_000);

    platform = await start();
    const resumed = await waitFor("the job to resume", async () => {
      const row = await job(id);
      return row.attempts === 2 && row;
    }, 30_000);
    expect(resumed.resumedFromStep).toBeGreaterThanOrEqual(before.checkpointStep!);
    expect(platform.logs.some((entry) => entry.jobId === id && String(entry.msg).includes("INTERRUPTED"))).toBe(true);

    const finished = await waitFor("the job to finish", async () => {
      const row = await job(id);
      return ["SUCCEEDED", "FAILED"].includes(row.status) && row;
    }, 120_000);
    expect(finished).toMatchObject({ status: "SUCCEEDED", attempts: 2, error: null });
    const view = await graphql(`${platform.url}/graphql`, JOB, { id }, adminKey);
    expect(view.data!.trainingJob.resultVersion).toMatchObject({ version: 1, status: "READY" });
    // Every attempt's seconds are in the ledger, settled.
    const usage = await db.prisma.usageRecord.findMany({ where: { kind: "TRAINING", idempotencyKey: { startsWith: `training:${id}:` } } });
    expect(usage).toHaveLength(2);
    expect(usage.every((record) => record.status === "SUCCEEDED")).toBe(true);
    expect(usage.reduce((sum, record) => sum + record.trainingSeconds, 0)).toBe(finished.usedSeconds);
  }, 300_000);
});
