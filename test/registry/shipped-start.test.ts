import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateApiKey } from "@parley/server";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { graphql } from "../support/gateway.js";
import { writeShippedCatalog } from "../support/shipped-catalog.js";
import { startPlatform, type PlatformProcess } from "./support/platform-process.js";
import { TRANSLATE } from "./support/operations.js";

// `pnpm start` on a fresh database serves the shipped models at once: nothing is trained, and the first
// translate succeeds within 10 s of "gateway listening"; a restart registers nothing twice.
describe("pnpm start with shipped models", () => {
  let db: TestDatabase;
  let root: string;
  let platform: PlatformProcess | undefined;
  const adminKey = generateApiKey();

  beforeAll(async () => {
    db = await createTestDatabase();
    root = await mkdtemp(path.join(os.tmpdir(), "parley-shipped-start-"));
  });
  afterAll(async () => {
    await platform?.kill("SIGKILL");
    await db?.drop();
    await rm(root, { recursive: true, force: true });
  });

  it("translates with the shipped eng-fra within 10 s of listening, and registers it once across restarts", async () => {
    const catalog = await writeShippedCatalog(path.join(root, "models"), [{ name: "eng-fra", release: "2026.11.0" }]);
    const env = { DATABASE_URL: db.url, PARLEY_DATA_DIR: path.join(root, "data"), PARLEY_ADMIN_KEY: adminKey, PARLEY_MODELS_CATALOG: catalog };
    platform = await startPlatform(env);
    const listening = performance.now();
    const result = await graphql(`${platform.url}/graphql`, TRANSLATE, { input: { model: "eng-fra", texts: ["ba ce"] } }, adminKey);
    const seconds = (performance.now() - listening) / 1000;
    expect(result.errors).toBeUndefined();
    expect(result.data!.translate.modelVersion.version).toBe(1);
    expect(seconds).toBeLessThan(10);
    expect(await db.prisma.trainingJob.count()).toBe(0);
    expect(platform.logs.some((entry) => entry.msg === "shipped model registered")).toBe(true);

    await platform.kill("SIGTERM");
    platform = await startPlatform(env);
    expect(platform.logs.some((entry) => entry.msg === "shipped model registered")).toBe(false);
    expect(await db.prisma.modelVersion.count()).toBe(1);
  }, 180_000);
});
