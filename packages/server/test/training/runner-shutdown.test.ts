import { describe, expect, it } from "vitest";
import { syntheticPairs } from "../../../../test/registry/support/synthetic-corpus.js";
import { unlessFailed, waitFor } from "../../../../test/registry/support/wait.js";
import { importDatasetPairs } from "../../src/modules/datasets/import-dataset.js";
import { useRunnerTestbed } from "./runner-testbed.js";

// A runner stopped cleanly (platform shutdown) leaves its job INTERRUPTED, its
// attempt billed and settled; the next runner resumes it from its checkpoint.
describe("training runner shutdown", () => {
  const testbed = useRunnerTestbed({ maxTestPairs: 50 });
  const { startRunner } = testbed;

  it("interrupts on stop and resumes on the next start", async () => {
    const { db, dataDir } = testbed;
    const tenant = await db.prisma.tenant.create({ data: { name: "t" } });
    const model = await db.prisma.model.create({ data: { name: "m", sourceLanguage: "en", targetLanguage: "fr", ownerTenantId: tenant.id } });
    const dataset = await importDatasetPairs({ prisma: db.prisma, dataDir }, tenant.id, { name: "d", sourceLanguage: "en", targetLanguage: "fr" }, syntheticPairs(600));
    const { id } = await db.prisma.trainingJob.create({
      data: { tenantId: tenant.id, modelId: model.id, datasetId: dataset.id, architecture: "transformer", preset: "tiny", maxMinutes: 5, config: { seed: 2, maxSteps: 100 } },
    });
    const job = async () => unlessFailed(await db.prisma.trainingJob.findUniqueOrThrow({ where: { id } }));

    const first = await startRunner();
    await waitFor("a checkpoint", async () => (await job()).checkpointStep !== null, 90_000);
    await first.stop();
    const stopped = await job();
    expect(stopped).toMatchObject({ status: "INTERRUPTED", attempts: 1 });
    const firstAttempt = await db.prisma.usageRecord.findFirstOrThrow({ where: { idempotencyKey: `training:${id}:1` } });
    expect(firstAttempt).toMatchObject({ kind: "TRAINING", status: "SUCCEEDED" });

    const second = await startRunner();
    const resumed = await waitFor("the job to resume", async () => {
      const row = await job();
      return row.attempts === 2 && row.status === "RUNNING" && row;
    }, 30_000);
    // The child may write one more checkpoint while stopping, after the runner's last record.
    expect(resumed.resumedFromStep).toBeGreaterThanOrEqual(stopped.checkpointStep!);
    // The loss curve goes on from where it was, not from scratch.
    expect((resumed.lossCurve as { step: number }[])[0]!.step).toBeLessThan(stopped.checkpointStep!);
    await second.stop();
    expect((await job()).status).toBe("INTERRUPTED");
  }, 180_000);
});
