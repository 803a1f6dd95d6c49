import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateApiKey } from "@parley/server";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { downloadDocument, longTextDocument, uploadDocument } from "../support/documents.js";
import { writeShippedCatalog } from "../support/shipped-catalog.js";
import { startPlatform, type PlatformProcess } from "./support/platform-process.js";
import { waitFor } from "./support/wait.js";

/** Start-up through tsx, niced, on a machine busy with training, can take minutes. */
const START_TIMEOUT_MS = 240_000;

// The platform killed (SIGKILL) in the middle of a 50,000-character document, then started again: the document
// is taken over at once (its runner's advisory lock died with it), goes on from its last committed chunk, is
// billed exactly once, and its download keeps every paragraph.
describe("document translation across a platform restart", () => {
  let db: TestDatabase;
  let root: string;
  let platform: PlatformProcess | undefined;
  const adminKey = generateApiKey();

  beforeAll(async () => {
    db = await createTestDatabase();
    root = await mkdtemp(path.join(os.tmpdir(), "parley-document-restart-"));
  });
  afterAll(async () => {
    await platform?.kill("SIGKILL");
    await db?.drop();
    await rm(root, { recursive: true, force: true });
  });

  it("translates a 50,000-character document as a job that survives a restart, billed once, every paragraph kept", async () => {
    const catalog = await writeShippedCatalog(path.join(root, "models"), [{ name: "tiny-en-fr", release: "2026.11.0" }]);
    const env = {
      DATABASE_URL: db.url, PARLEY_DATA_DIR: path.join(root, "data"), PARLEY_ADMIN_KEY: adminKey, PARLEY_MODELS_CATALOG: catalog,
      PARLEY_TRAINING_CONCURRENCY: "0",
    };
    platform = await startPlatform(env, START_TIMEOUT_MS);
    const { text, paragraphs } = await longTextDocument(50_000);
    expect([...text].length).toBeGreaterThanOrEqual(50_000);
    const upload = await uploadDocument(platform.url, adminKey, { content: text, filename: "long.txt", fields: { model: "tiny-en-fr" } });
    expect(upload.status).toBe(201);
    const id = upload.body.id as string;
    const billed = upload.body.billedCharacters as number;
    const row = () => db.prisma.document.findUniqueOrThrow({ where: { id } });

    const midway = await waitFor("the document to be partly translated", async () => {
      const document = await row();
      return document.status === "TRANSLATING" && document.translatedSegments > 0 && document;
    }, 120_000, 20);
    await platform.kill("SIGKILL");
    platform = undefined;
    const leftBehind = await row();
    expect(leftBehind.status).toBe("TRANSLATING"); // what a crash leaves
    expect(leftBehind.translatedSegments).toBeLessThan(leftBehind.segmentCount);

    platform = await startPlatform(env, START_TIMEOUT_MS);
    const restarted = performance.now();
    const done = await waitFor("the document to finish", async () => {
      const document = await row();
      return ["DONE", "FAILED", "CANCELLED"].includes(document.status) && document;
    }, 840_000, 250);
    const seconds = (performance.now() - restarted) / 1000;
    expect(done).toMatchObject({ status: "DONE", attempts: 2, errorCode: null, billedCharacters: billed });
    const resumedCharacters = billed - leftBehind.translatedCharacters;
    console.log(
      `document: ${billed} billed characters, ${leftBehind.translatedCharacters} (from ${midway.translatedSegments} segments) done before the kill; ` +
        `after the restart ${resumedCharacters} characters in ${seconds.toFixed(1)} s = ${Math.round(resumedCharacters / seconds)} characters/s (tiny model, greedy)`,
    );

    // Billed once: one ledger row for the document, SUCCEEDED with its characters; the month's counter agrees.
    const ledger = await db.prisma.usageRecord.findMany({ where: { idempotencyKey: `document:${id}` } });
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({ status: "SUCCEEDED", inputCharacters: billed });
    const counter = await db.prisma.usageCounter.findFirstOrThrow({ where: { tenantId: done.tenantId } });
    expect(Number(counter.characters)).toBe(billed);

    const download = await downloadDocument(platform.url, adminKey, id);
    expect(download.status).toBe(200);
    const translated = download.text.trimEnd().split("\n\n");
    expect(translated).toHaveLength(paragraphs);
    expect(translated.every((paragraph) => paragraph.trim() !== "" && !paragraph.includes("\n"))).toBe(true);
    expect(download.text.endsWith("\n")).toBe(true);
    // Chunks are only the work in progress: gone once DONE.
    expect(await db.prisma.documentChunk.count({ where: { documentId: id } })).toBe(0);
  }, 1_200_000);
});
