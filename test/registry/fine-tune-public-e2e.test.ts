import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createLogger, TrainingRunner } from "@parley/server";
import { graphql } from "../support/gateway.js";
import { getTinyModelDir } from "../support/tiny-model.js";
import { useTestGateway } from "../support/use-test-gateway.js";
import { CREATE_MODEL, JOB, TRAIN } from "./support/operations.js";
import { syntheticPairs, toTsv } from "./support/synthetic-corpus.js";
import { uploadDataset } from "./support/upload.js";
import { unlessFailed, waitFor } from "./support/wait.js";

// A tenant fine-tunes the public model's stable version into a model of its own (startFrom): the
// job runs on the public version's artifact, the tenant's model gets its first version naming that
// parent, the public model is untouched, and the tenant is billed the training time.
describe("fine-tuning a public model into the tenant's own", () => {
  const gateway = useTestGateway();

  it("trains the tenant's version 1 from the public version, with the parent's tokenizer", async () => {
    const published = await gateway.publishTinyModel("base-en-fr");
    // The tiny artifact is a tiny transformer; publishTinyModel leaves the row's shape unrecorded.
    await gateway.db.prisma.modelVersion.update({ where: { id: published.versionId }, data: { architecture: "transformer", trainingConfig: { preset: "tiny" } } });
    const tenant = await gateway.createTenantWithKey({ monthlyTrainingMinutes: 60 }, ["TRAIN", "READ"]);
    const api = (query: string, variables: Record<string, unknown>) => graphql(gateway.graphqlUrl, query, variables, tenant.key);
    expect((await api(CREATE_MODEL, { input: { name: "acme-en-fr", sourceLanguage: "en", targetLanguage: "fr" } })).errors).toBeUndefined();
    const upload = await uploadDataset(gateway.url, tenant.key, toTsv(syntheticPairs(600)), { name: "acme", sourceLanguage: "en", targetLanguage: "fr" });
    expect(upload.status).toBe(201);

    const queued = await api(TRAIN, { input: { model: "acme-en-fr", dataset: upload.body.id, startFrom: { model: "base-en-fr" }, maxMinutes: 2, maxSteps: 10, seed: 2 } });
    expect(queued.errors).toBeUndefined();
    expect(queued.data!.trainModel).toMatchObject({ preset: "tiny", architecture: "TRANSFORMER", startedFrom: { model: "base-en-fr", visibility: "PUBLIC", version: 1 } });

    const dataDir = await mkdtemp(path.join(os.tmpdir(), "parley-fine-tune-"));
    const runner = new TrainingRunner({
      prisma: gateway.db.prisma, databaseUrl: gateway.db.url, dataDir, logger: createLogger("silent"),
      concurrency: 1, pollIntervalMs: 200, heartbeatMs: 300, maxTestPairs: 20, niceness: 0,
    });
    try {
      await runner.start();
      const id = queued.data!.trainModel.id as string;
      const job = await waitFor("the job to finish", async () => {
        const view = unlessFailed((await api(JOB, { id })).data!.trainingJob);
        return ["SUCCEEDED", "CANCELLED"].includes(view.status) && view;
      }, 150_000, 250);
      expect(job).toMatchObject({
        status: "SUCCEEDED",
        resultVersion: { version: 1, status: "READY", parentVersion: null, parent: { model: "base-en-fr", visibility: "PUBLIC", version: 1 } },
      });

      const row = await gateway.db.prisma.modelVersion.findUniqueOrThrow({ where: { id: job.resultVersion.id }, include: { model: true } });
      expect(row).toMatchObject({
        parentVersionId: published.versionId,
        model: { name: "acme-en-fr", ownerTenantId: tenant.tenantId },
        metrics: { parentVersion: 1, parentModelId: published.modelId },
        trainingConfig: { continuedFromVersion: 1, parentModelId: published.modelId },
      });
      const parentDir = await getTinyModelDir();
      const artifactFile = (dir: string, name: string) => readFile(path.join(dir, name), "utf8");
      expect(JSON.parse(await artifactFile(row.artifactPath!, "metrics.json"))).toMatchObject({ initFrom: parentDir, preset: "tiny", steps: 10 });
      expect(await artifactFile(row.artifactPath!, "tokenizer.json")).toBe(await artifactFile(parentDir, "tokenizer.json"));

      expect(await gateway.db.prisma.modelVersion.count({ where: { modelId: published.modelId } })).toBe(1);
      const usage = await gateway.db.prisma.usageRecord.findMany({ where: { kind: "TRAINING" } });
      expect(usage).toEqual([expect.objectContaining({ tenantId: tenant.tenantId, modelVersionId: row.id, status: "SUCCEEDED", trainingSeconds: job.usedSeconds })]);
    } finally {
      await runner.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 240_000);
});
