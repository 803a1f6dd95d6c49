import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BOOTSTRAP_MODEL, bootstrapPublicModels, createLogger, StartupError, TrainingRunner } from "@parley/server";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { waitFor } from "./support/wait.js";
import { syntheticPairs, toTsv } from "./support/synthetic-corpus.js";

const TINY = { architecture: "transformer", preset: "tiny", maxMinutes: 2, maxPairs: 500, maxSteps: 20 };

// Opt-in (PARLEY_BOOTSTRAP_CORPUS): the public eng-fra model is registered, its first version
// trained from the bootstrap corpus and promoted to stable when READY. Unset, nothing is trained.
describe("bootstrap of the public model", () => {
  let db: TestDatabase;
  let dataDir: string;
  let corpusDir: string;
  let adminTenantId: string;
  const logger = createLogger("silent");

  beforeAll(async () => {
    db = await createTestDatabase();
    dataDir = await mkdtemp(path.join(os.tmpdir(), "parley-bootstrap-"));
    corpusDir = path.join(dataDir, "corpus");
    await mkdir(corpusDir);
    await writeFile(path.join(corpusDir, "train.tsv"), toTsv(syntheticPairs(900, 5)));
    adminTenantId = (await db.prisma.tenant.create({ data: { name: "admin" } })).id;
  });
  afterAll(async () => {
    await db?.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const bootstrap = (corpus: string | undefined) =>
    bootstrapPublicModels({ prisma: db.prisma, dataDir, logger, adminTenantId, corpus, training: TINY });

  it("does nothing by default or when disabled, and refuses a corpus that is not there", async () => {
    expect(await bootstrap(undefined)).toBeUndefined();
    expect(await bootstrap("none")).toBeUndefined();
    await expect(bootstrap(path.join(dataDir, "missing"))).rejects.toBeInstanceOf(StartupError);
    expect(await db.prisma.model.count()).toBe(0);
  });

  it("registers eng-fra, trains its first version and labels it stable", async () => {
    const created = await bootstrap(corpusDir);
    expect(created).toBeDefined();
    const model = await db.prisma.model.findUniqueOrThrow({ where: { id: created!.modelId } });
    expect(model).toMatchObject({ name: BOOTSTRAP_MODEL.name, ownerTenantId: null, sourceLanguage: "en", targetLanguage: "fr" });
    const dataset = await db.prisma.dataset.findFirstOrThrow({ where: { tenantId: adminTenantId } });
    expect(dataset.pairCount).toBeLessThanOrEqual(TINY.maxPairs);
    expect(dataset.pairCount).toBeGreaterThan(TINY.maxPairs / 2);
    // Once a public model exists, a later start leaves it alone.
    expect(await bootstrap(corpusDir)).toBeUndefined();

    const runner = new TrainingRunner({
      prisma: db.prisma, databaseUrl: db.url, dataDir, logger, concurrency: 1, pollIntervalMs: 200, heartbeatMs: 300, maxTestPairs: 50,
      niceness: 0, // tests share the machine: no lower priority
    });
    await runner.start();
    try {
      const job = await waitFor("the bootstrap job", async () => {
        const row = await db.prisma.trainingJob.findUniqueOrThrow({ where: { id: created!.jobId } });
        return ["SUCCEEDED", "FAILED"].includes(row.status) && row;
      }, 150_000);
      expect(job).toMatchObject({ status: "SUCCEEDED", error: null });
    } finally {
      await runner.stop();
    }
    const stable = await db.prisma.modelLabel.findUniqueOrThrow({ where: { modelId_name: { modelId: created!.modelId, name: "stable" } }, include: { version: true } });
    expect(stable.version).toMatchObject({ version: 1, status: "READY" });
    const events = await db.prisma.modelLabelEvent.findMany({ where: { modelId: created!.modelId } });
    expect(events).toEqual([expect.objectContaining({ label: "stable", fromVersionId: null, toVersionId: stable.versionId, reason: "bootstrap" })]);
  }, 180_000);
});
