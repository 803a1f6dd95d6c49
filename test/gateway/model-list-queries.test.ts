import { Parley } from "@parley/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../support/gateway.js";
import { recordStatements } from "../support/sql-statements.js";

/** Runs `work` and returns how many SQL statements this process sent meanwhile. */
async function countStatements(work: () => Promise<unknown>): Promise<number> {
  return (await recordStatements(work)).length;
}

describe("listing models (issue 12, item 16)", { timeout: 180_000 }, () => {
  let gateway: TestGateway;
  let tenant: { tenantId: string; key: string };
  let client: Parley;

  /** Adds `count` models of the tenant, each with 3 versions (the third continued from the second) and 2 labels. */
  async function addModels(count: number, prefix: string): Promise<void> {
    for (let m = 0; m < count; m++) {
      const model = await gateway.db.prisma.model.create({
        data: { name: `${prefix}-${m}`, sourceLanguage: "en", targetLanguage: "fr", ownerTenantId: tenant.tenantId },
      });
      let previous: string | null = null;
      for (let v = 1; v <= 3; v++) {
        const version: { id: string } = await gateway.db.prisma.modelVersion.create({
          data: { modelId: model.id, version: v, status: "READY", architecture: "transformer", artifactPath: "/nowhere", parentVersionId: v === 3 ? previous : null },
        });
        previous = version.id;
        if (v >= 2) await gateway.db.prisma.modelLabel.create({ data: { modelId: model.id, name: v === 2 ? "stable" : "canary", versionId: version.id } });
      }
    }
  }

  async function listAll(): Promise<number> {
    let models = 0;
    for await (const model of client.models.list({ first: 100 })) {
      expect(model.versions).toHaveLength(3);
      expect(model.versions[2]!.parentVersion).toBe(2);
      expect(model.labels.map((label) => label.name)).toEqual(["canary", "stable"]);
      models++;
    }
    return models;
  }

  beforeAll(async () => {
    gateway = await startTestGateway();
    tenant = await gateway.createTenantWithKey({}, ["TRANSLATE", "READ", "TRAIN"]);
    client = new Parley({ apiKey: tenant.key, baseURL: gateway.url, maxRetries: 0 });
  });
  afterAll(() => gateway?.stop());

  it("costs the same number of SQL statements for 2 models as for 10 (with the SDK's own fragments)", async () => {
    await addModels(2, "few");
    await listAll(); // warm: the key's first use, prepared statements
    let models = 0;
    const few = await countStatements(async () => (models = await listAll()));
    expect(models).toBe(2);
    await addModels(8, "many");
    const many = await countStatements(async () => (models = await listAll()));
    expect(models).toBe(10);
    expect(many).toBe(few);
    expect(few).toBeLessThan(20);
  });

  it("shows a public model's training job and dataset ids to admins only", async () => {
    const model = await gateway.db.prisma.model.create({ data: { name: "public-eng-fra", sourceLanguage: "en", targetLanguage: "fr" } });
    const trainingConfig = { jobId: "4b1c2e0a-job", datasetId: "9f7d-dataset", datasetChecksum: "sha256:abc", preset: "small", steps: 100 };
    await gateway.db.prisma.modelVersion.create({
      data: { modelId: model.id, version: 1, status: "READY", architecture: "transformer", artifactPath: "/nowhere", trainingConfig },
    });
    const asTenant = await client.models.retrieve("public-eng-fra");
    expect(asTenant.versions[0]!.trainingConfig).toEqual({ preset: "small", steps: 100 });
    const asAdmin = await new Parley({ apiKey: gateway.adminKey, baseURL: gateway.url, maxRetries: 0 }).models.retrieve("public-eng-fra");
    expect(asAdmin.versions[0]!.trainingConfig).toEqual(trainingConfig);
  });
});
