import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { getTinyModelDir } from "../../../../test/support/tiny-model.js";
import { syntheticPairs } from "../../../../test/registry/support/synthetic-corpus.js";
import { unlessFailed, waitFor } from "../../../../test/registry/support/wait.js";
import { importDatasetPairs } from "../../src/modules/datasets/import-dataset.js";
import { useRunnerTestbed } from "./runner-testbed.js";

// A job continuing a version (continueFromVersion) gets the parent's artifact in every attempt:
// interrupted by a shutdown, it resumes from its checkpoint on top of the same parent, and the
// version it registers names that parent.
describe("continued training job", () => {
  const testbed = useRunnerTestbed({ maxTestPairs: 30 });
  const { startRunner } = testbed;

  it("resumes an interrupted continuation on its parent and registers a version naming it", async () => {
    const { db, dataDir } = testbed;
    const parentDir = await getTinyModelDir();
    const tenant = await db.prisma.tenant.create({ data: { name: "t" } });
    const model = await db.prisma.model.create({ data: { name: "m", sourceLanguage: "en", targetLanguage: "fr", ownerTenantId: tenant.id } });
    const parent = await db.prisma.modelVersion.create({
      data: { modelId: model.id, version: 1, status: "READY", architecture: "transformer", artifactPath: parentDir, artifactChecksum: "sha256:parent", trainingConfig: { preset: "tiny" } },
    });
    const dataset = await importDatasetPairs({ prisma: db.prisma, dataDir }, tenant.id, { name: "d", sourceLanguage: "en", targetLanguage: "fr" }, syntheticPairs(600));
    const { id } = await db.prisma.trainingJob.create({
      data: {
        tenantId: tenant.id, modelId: model.id, datasetId: dataset.id, architecture: "transformer", preset: "tiny", maxMinutes: 5,
        config: { seed: 2, maxSteps: 40 }, parentVersionId: parent.id,
      },
    });
    const job = async () => unlessFailed(await db.prisma.trainingJob.findUniqueOrThrow({ where: { id } }));

    const first = await startRunner();
    await waitFor("a checkpoint", async () => (await job()).checkpointStep !== null, 90_000);
    await first.stop();
    const stopped = await job();
    expect(stopped).toMatchObject({ status: "INTERRUPTED", attempts: 1 });

    await startRunner();
    const finished = await waitFor("the job to finish", async () => {
      const row = await job();
      return ["SUCCEEDED", "FAILED", "CANCELLED"].includes(row.status) && row;
    }, 120_000);
    expect(finished).toMatchObject({ status: "SUCCEEDED", attempts: 2, error: null, step: 40 });
    // The engine may checkpoint once more as it stops, after the runner last recorded one.
    expect(finished.resumedFromStep).toBeGreaterThanOrEqual(stopped.checkpointStep!);
    const version = await db.prisma.modelVersion.findUniqueOrThrow({ where: { id: finished.resultVersionId! } });
    expect(version).toMatchObject({
      version: 2, parentVersionId: parent.id,
      metrics: { parentVersion: 1, parentArtifactChecksum: "sha256:parent" },
      trainingConfig: { continuedFromVersion: 1, preset: "tiny" },
    });
    const artifactFile = (dir: string, name: string) => readFile(path.join(dir, name), "utf8");
    expect(JSON.parse(await artifactFile(version.artifactPath!, "metrics.json"))).toMatchObject({ initFrom: parentDir, preset: "tiny", steps: 40 });
    expect(await artifactFile(version.artifactPath!, "tokenizer.json")).toBe(await artifactFile(parentDir, "tokenizer.json"));
  }, 240_000);
});
