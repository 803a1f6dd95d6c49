import { mkdtempSync } from "node:fs";
import { readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestGateway } from "../support/use-test-gateway.js";
import { syntheticPairs, toTsv } from "./support/synthetic-corpus.js";
import { uploadDataset } from "./support/upload.js";

const FIELDS = { name: "limited", sourceLanguage: "en", targetLanguage: "fr" };
const MAX_PAIRS = 5;
const MAX_BYTES = 4096;

// Limits lowered through the environment, as an operator would set them.
describe("dataset limits from PARLEY_DATASET_MAX_PAIRS and PARLEY_DATASET_MAX_BYTES", () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "parley-dataset-limits-"));
  const gateway = useTestGateway({
    env: { PARLEY_DATA_DIR: dataDir, PARLEY_DATASET_MAX_PAIRS: String(MAX_PAIRS), PARLEY_DATASET_MAX_BYTES: String(MAX_BYTES) },
  });
  let key: string;

  beforeAll(async () => {
    ({ key } = await gateway.createTenantWithKey({}, ["TRAIN", "READ"]));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  /** Dataset rows and every file under datasets/, uploads in progress included. */
  const stored = async () => {
    const entries = await readdir(path.join(dataDir, "datasets"), { recursive: true, withFileTypes: true }).catch(() => []);
    return { rows: await gateway.db.prisma.dataset.count(), files: entries.filter((entry) => entry.isFile()).length };
  };

  it("refuses one pair over the lowered pair limit with too-many-pairs, and stores nothing", async () => {
    const upload = await uploadDataset(gateway.url, key, toTsv(syntheticPairs(MAX_PAIRS + 1)), FIELDS);
    expect(upload.status).toBe(400);
    expect(upload.body.error.code).toBe("BAD_USER_INPUT");
    expect(upload.body.error.issues).toEqual([expect.objectContaining({ code: "too-many-pairs", line: MAX_PAIRS + 1 })]);
    expect(await stored()).toEqual({ rows: 0, files: 0 });
  });

  it("refuses a file over the lowered byte limit with 413 too-large, and stores nothing", async () => {
    const upload = await uploadDataset(gateway.url, key, "x\ty\n".repeat(MAX_BYTES / 4 + 1), FIELDS);
    expect(upload.status).toBe(413);
    expect(upload.body.error.code).toBe("BAD_USER_INPUT");
    expect(upload.body.error.issues).toEqual([expect.objectContaining({ code: "too-large" })]);
    expect(await stored()).toEqual({ rows: 0, files: 0 });
  });

  it("accepts a dataset at exactly the pair limit", async () => {
    const upload = await uploadDataset(gateway.url, key, toTsv(syntheticPairs(MAX_PAIRS)), FIELDS);
    expect(upload.status).toBe(201);
    expect(upload.body.pairCount).toBe(MAX_PAIRS);
    expect(await stored()).toEqual({ rows: 1, files: 1 });
  });
});
