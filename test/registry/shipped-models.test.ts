import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger, registerShippedModels, SHIPPED_REASON, shippedModelsFor, StartupError } from "@parley/server";
import { moveLabel } from "@parley/server/testing";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { writeShippedCatalog } from "../support/shipped-catalog.js";

// Shipped models (packages/models' catalog) become public models with a READY `stable` version at start,
// without training; later releases add versions without overruling an admin's label moves.
describe("registration of shipped models", () => {
  let db: TestDatabase;
  let root: string;
  let dataDir: string;
  const logger = createLogger("silent");

  beforeAll(async () => {
    db = await createTestDatabase();
    root = await mkdtemp(path.join(os.tmpdir(), "parley-shipped-"));
    dataDir = path.join(root, "data");
  });
  afterAll(async () => {
    await db?.drop();
    await rm(root, { recursive: true, force: true });
  });

  const register = async (folder: string, models: Parameters<typeof writeShippedCatalog>[1]) =>
    registerShippedModels({ prisma: db.prisma, dataDir, logger, models: shippedModelsFor(await writeShippedCatalog(path.join(root, folder), models)) });
  const versionsOf = async (name: string) => {
    const model = await db.prisma.model.findFirstOrThrow({ where: { name, ownerTenantId: null }, include: { versions: { orderBy: { version: "asc" } }, labels: true } });
    return { model, versions: model.versions, stable: model.labels.find((label) => label.name === "stable")?.versionId };
  };

  it("registers each as a public model with a READY stable version, its release in the metrics, artifact copied", async () => {
    const [registered] = await register("r1", [{ name: "eng-fra", release: "2026.11.0" }]);
    expect(registered).toMatchObject({ name: "eng-fra", added: true, stable: { version: 1 } });
    const { model, versions, stable } = await versionsOf("eng-fra");
    expect(model).toMatchObject({ ownerTenantId: null, sourceLanguage: "en", targetLanguage: "fr" });
    expect(versions).toHaveLength(1);
    expect(versions[0]).toMatchObject({ status: "READY", version: 1, architecture: "transformer", metrics: expect.objectContaining({ release: "2026.11.0" }) });
    expect(stable).toBe(versions[0]!.id);
    expect(versions[0]!.artifactPath!.startsWith(path.join(dataDir, "models"))).toBe(true);
    expect(await readFile(path.join(versions[0]!.artifactPath!, "MODEL_CARD.md"), "utf8")).toContain("eng-fra 2026.11.0");
    expect(versions[0]!.artifactChecksum).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(await db.prisma.trainingJob.count()).toBe(0);
  });

  it("is idempotent across restarts (same artifact: nothing added, no label moved)", async () => {
    const eventsBefore = await db.prisma.modelLabelEvent.count();
    const [again] = await register("r1-again", [{ name: "eng-fra", release: "2026.11.0" }]);
    expect(again).toMatchObject({ added: false, stable: { version: 1 } });
    expect((await versionsOf("eng-fra")).versions).toHaveLength(1);
    expect(await db.prisma.modelLabelEvent.count()).toBe(eventsBefore);
  });

  it("adds a later release as a new version and moves stable to it while stable is the platform's", async () => {
    const [next] = await register("r2", [{ name: "eng-fra", release: "2026.12.0", variant: "r2" }]);
    expect(next).toMatchObject({ added: true, stable: { version: 2 } });
    const { versions, stable } = await versionsOf("eng-fra");
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    expect(stable).toBe(versions[1]!.id);
    expect(versions[1]!.metrics).toMatchObject({ release: "2026.12.0" });
    const last = await db.prisma.modelLabelEvent.findFirstOrThrow({ where: { label: "stable" }, orderBy: { id: "desc" } });
    expect(last).toMatchObject({ reason: SHIPPED_REASON, toVersionId: versions[1]!.id });
  });

  it("never moves a stable label that an admin moved", async () => {
    const { model, versions } = await versionsOf("eng-fra");
    await db.prisma.$transaction((tx) => moveLabel(tx, model.id, "stable", versions[0]!.id, "promote"));
    const [third] = await register("r3", [{ name: "eng-fra", release: "2027.1.0", variant: "r3" }]);
    expect(third).toMatchObject({ added: true, stable: { version: 1 } });
    const after = await versionsOf("eng-fra");
    expect(after.versions.map((v) => v.version)).toEqual([1, 2, 3]);
    expect(after.stable).toBe(versions[0]!.id);
  });

  it("refuses a corrupted artifact with one clear error and registers nothing of it", async () => {
    const catalog = await writeShippedCatalog(path.join(root, "bad"), [{ name: "eng-xx", release: "2026.11.0" }]);
    const [entry] = shippedModelsFor(catalog);
    const weights = path.join(entry!.dir, "metrics.json");
    await writeFile(weights, (await readFile(weights, "utf8")) + " ");
    const attempt = registerShippedModels({ prisma: db.prisma, dataDir, logger, models: [entry!] });
    await expect(attempt).rejects.toBeInstanceOf(StartupError);
    await expect(attempt).rejects.toThrow(/eng-xx .*checksum mismatch for metrics\.json/);
    expect(await db.prisma.model.count({ where: { name: "eng-xx" } })).toBe(0);
  });

  it("reads the catalog PARLEY_MODELS_CATALOG names, none for `none`, and stops on a bad one with one line", async () => {
    expect(shippedModelsFor("none")).toEqual([]);
    expect(shippedModelsFor(undefined).every((model) => path.isAbsolute(model.dir))).toBe(true);
    const bad = path.join(root, "bad-catalog.json");
    await writeFile(bad, JSON.stringify({ models: [{ name: "eng-fra", sourceLanguage: "en", targetLanguage: "fr", release: "x", path: "../up" }] }));
    expect(() => shippedModelsFor(bad)).toThrow(StartupError);
    expect(() => shippedModelsFor(bad)).toThrow(/PARLEY_MODELS_CATALOG=.*models\.0\.release/);
  });
});
