import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger, TrainingRunner } from "@parley/server";
import { graphql } from "../support/gateway.js";
import { useTestGateway } from "../support/use-test-gateway.js";
import { CREATE_MODEL, TRAIN } from "./support/operations.js";
import { syntheticPairs, toTsv } from "./support/synthetic-corpus.js";
import { uploadDataset } from "./support/upload.js";
import { waitFor } from "./support/wait.js";

const JOB_EVALUATIONS = `query Job($id: ID!) {
  trainingJob(id: $id) { status step error evaluations { step devLoss devBleu at } }
}`;

type Evaluation = { step: number; devLoss: number; devBleu: number | null; at: string };

// A running tiny job records each dev evaluation (step, dev loss, dev BLEU) on the job as the trainer reports it:
// the history grows while the job runs and ends with the last step's evaluation.
describe("training job evaluations", () => {
  const gateway = useTestGateway();
  let runner: TrainingRunner;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "parley-evaluations-"));
    runner = new TrainingRunner({
      prisma: gateway.db.prisma,
      databaseUrl: gateway.db.url,
      dataDir,
      logger: createLogger(process.env.PARLEY_TEST_LOG_LEVEL ?? "silent"),
      concurrency: 1,
      pollIntervalMs: 200,
      heartbeatMs: 300,
      maxTestPairs: 50,
      niceness: 0,
    });
    await runner.start();
  });
  afterAll(async () => {
    await runner?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("records more than one evaluation in step order while the job runs", async () => {
    const tenant = await gateway.createTenantWithKey({ monthlyTrainingMinutes: 60 }, ["TRAIN", "READ"]);
    const api = (query: string, variables: Record<string, unknown>) => graphql(gateway.graphqlUrl, query, variables, tenant.key);
    await api(CREATE_MODEL, { input: { name: "evals-en-fr", sourceLanguage: "en", targetLanguage: "fr" } });
    const upload = await uploadDataset(gateway.url, tenant.key, toTsv(syntheticPairs(1200)), { name: "synthetic", sourceLanguage: "en", targetLanguage: "fr" });
    expect(upload.status).toBe(201);
    const queued = await api(TRAIN, { input: { model: "evals-en-fr", dataset: upload.body.id, preset: "tiny", maxMinutes: 3, maxSteps: 30, seed: 1 } });
    expect(queued.errors).toBeUndefined();

    const whileRunning = new Set<number>();
    let last: unknown;
    const job = await waitFor("the training job to finish", async () => {
      const view = (await api(JOB_EVALUATIONS, { id: queued.data!.trainModel.id })).data!.trainingJob;
      last = { status: view.status, step: view.step, evaluations: view.evaluations.length };
      if (view.status === "RUNNING") whileRunning.add(view.evaluations.length);
      return ["SUCCEEDED", "FAILED", "CANCELLED"].includes(view.status) && view;
    }, 150_000, 200).catch((error: Error) => {
      throw new Error(`${error.message}; last seen ${JSON.stringify(last)}`);
    });
    expect(job.error).toBeNull();
    expect(job.status).toBe("SUCCEEDED");

    const evaluations = job.evaluations as Evaluation[];
    expect(evaluations.length).toBeGreaterThan(1);
    // In step order, at increasing times, ending with the last step (always evaluated).
    expect(evaluations.every((evaluation, index) => index === 0 || evaluation.step > evaluations[index - 1]!.step)).toBe(true);
    expect(evaluations.every((evaluation, index) => index === 0 || Date.parse(evaluation.at) >= Date.parse(evaluations[index - 1]!.at))).toBe(true);
    expect(evaluations.at(-1)!.step).toBe(job.step);
    for (const evaluation of evaluations) {
      expect(evaluation.devLoss).toBeGreaterThan(0);
      expect(evaluation.devBleu).toBeGreaterThanOrEqual(0);
      expect(evaluation.devBleu).toBeLessThanOrEqual(100);
    }
    // The dev loss falls over a run this short; the history was visible before the job ended.
    expect(evaluations.at(-1)!.devLoss).toBeLessThan(evaluations[0]!.devLoss);
    expect([...whileRunning].some((count) => count > 0 && count < evaluations.length)).toBe(true);
  }, 200_000);
});
