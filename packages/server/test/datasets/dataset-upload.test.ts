import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile } from "node:fs/promises";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../../test/support/database.js";
import { syntheticPairs, toTsv } from "../../../../test/registry/support/synthetic-corpus.js";
import { uploadDataset } from "../../../../test/registry/support/upload.js";
import { generateApiKey, hashApiKey, keyPrefix } from "../../src/auth/api-key-format.js";
import type { ApiKeyScope } from "../../src/db/generated/client.js";
import { createSqlPool, type SqlPool } from "../../src/db/sql-pool.js";
import { createLogger } from "../../src/logging/logger.js";
import { createDatasetRouter } from "../../src/modules/datasets/dataset-router.js";

const LIMITS = { maxBytes: 4096, maxPairs: 60 };
const FIELDS = { name: "pairs", sourceLanguage: "en", targetLanguage: "fr" };

// POST /v1/datasets: a valid file is stored with its checksum and split; every
// refusal names its lines and leaves nothing behind (no row, no file).
describe("dataset upload", () => {
  let db: TestDatabase;
  let sql: SqlPool;
  let dataDir: string;
  let server: Server;
  let baseUrl: string;
  let tenantId: string;
  let key: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataDir = await mkdtemp(path.join(os.tmpdir(), "parley-datasets-"));
    const app = express();
    sql = createSqlPool(db.url, 2);
    app.use(createDatasetRouter({ prisma: db.prisma, sql, dataDir, logger: createLogger("silent"), limits: LIMITS }));
    server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    tenantId = (await db.prisma.tenant.create({ data: { name: "uploader" } })).id;
    key = await createKey(["TRAIN"]);
  });
  afterAll(async () => {
    server?.close();
    await sql?.end();
    await db?.drop();
  });

  async function createKey(scopes: ApiKeyScope[]): Promise<string> {
    const secret = generateApiKey();
    await db.prisma.apiKey.create({ data: { tenantId, name: "k", prefix: keyPrefix(secret), hash: hashApiKey(secret), scopes } });
    return secret;
  }
  const upload = (file: string | Uint8Array | undefined, fields: Record<string, string> = FIELDS, withKey: string | null = key) =>
    uploadDataset(baseUrl, withKey ?? undefined, file, fields);
  const storedFiles = async () => (await readdir(path.join(dataDir, "datasets"), { recursive: true })).filter((f) => f.endsWith(".tsv") || f.endsWith(".part"));

  it("stores a valid file outside the database, with its checksum and split", async () => {
    const content = toTsv(syntheticPairs(40));
    const { status, body } = await upload(content);
    expect(status).toBe(201);
    expect(body).toMatchObject({ object: "dataset", name: "pairs", sourceLanguage: "en", targetLanguage: "fr", pairCount: 40 });
    expect(body.trainCount + body.devCount + body.testCount).toBe(40);
    expect(body.devCount).toBeGreaterThan(0);
    expect(body.testCount).toBeGreaterThan(0);
    const sha = createHash("sha256").update(content).digest("hex");
    expect(body.checksum).toBe(`sha256:${sha}`);
    const row = await db.prisma.dataset.findUniqueOrThrow({ where: { id: body.id } });
    expect(row.storagePath).toBe(path.join(dataDir, "datasets", tenantId, `${body.id}.tsv`));
    expect(await readFile(row.storagePath, "utf8")).toBe(content);
    // The same pairs always split the same way (by a hash of the source sentence).
    const again = await upload(content, { ...FIELDS, name: "pairs-again" });
    expect([again.body.trainCount, again.body.devCount, again.body.testCount]).toEqual([body.trainCount, body.devCount, body.testCount]);
  });

  const refusals: [string, string | Uint8Array, { line: number; code: string }][] = [
    ["a binary file", new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x0a, 0x00, 0xff]), { line: 1, code: "binary" }],
    ["a file with one column", "the cat\tle chat\nthe dog\nthe bird\tl'oiseau\n", { line: 2, code: "missing-column" }],
    ["an empty file", "", { line: 0, code: "no-pairs" }],
    ["a stray tab", "the cat\tle chat\nthe dog\tle chien\textra\n", { line: 2, code: "extra-column" }],
    ["an empty side", "the cat\tle chat\nthe dog\tle chien\nthe bird\t  \n", { line: 3, code: "empty-target" }],
    ["a duplicate pair", "the cat\tle chat\nthe dog\tle chien\nthe cat\tle chat\n", { line: 3, code: "duplicate-pair" }],
    ["bad UTF-8", Buffer.concat([Buffer.from("the cat\tle chat\nthe dog\tle chi"), Buffer.from([0xc3, 0x28]), Buffer.from("en\n")]), { line: 2, code: "invalid-utf8" }],
    ["too many pairs", toTsv(syntheticPairs(61)), { line: 61, code: "too-many-pairs" }],
  ];

  it.each(refusals)("refuses %s with the line of the problem, storing nothing", async (_what, file, expected) => {
    const before = { rows: await db.prisma.dataset.count(), files: await storedFiles() };
    const { status, body } = await upload(file, { ...FIELDS, name: `refused-${expected.code}` });
    expect(status).toBe(400);
    expect(body.error.code).toBe("BAD_USER_INPUT");
    expect(body.error.issues[0]).toMatchObject(expected);
    expect(body.error.issues[0].message).toEqual(expect.any(String));
    expect(await db.prisma.dataset.count()).toBe(before.rows);
    expect(await storedFiles()).toEqual(before.files);
  });

  it("refuses a file over the size limit with 413, storing nothing", async () => {
    const before = await storedFiles();
    const { status, body } = await upload(toTsv(syntheticPairs(200)), { ...FIELDS, name: "too-big" });
    expect(status).toBe(413);
    expect(body.error).toMatchObject({ code: "BAD_USER_INPUT", issues: [{ line: 0, code: "too-large" }] });
    expect(await db.prisma.dataset.count({ where: { name: "too-big" } })).toBe(0);
    expect(await storedFiles()).toEqual(before);
  });

  it("needs a TRAIN key, the fields and a fresh name", async () => {
    const file = toTsv(syntheticPairs(20, 7));
    expect((await upload(file, FIELDS, null)).status).toBe(401);
    expect((await upload(file, FIELDS, await createKey(["READ"]))).status).toBe(403);
    const noName = await upload(file, { sourceLanguage: "en", targetLanguage: "fr" });
    expect(noName.status).toBe(400);
    expect(noName.body.error).toMatchObject({ code: "BAD_USER_INPUT", field: "name" });
    expect((await upload(file, { ...FIELDS, sourceLanguage: "english" })).body.error.field).toBe("sourceLanguage");
    expect((await upload(undefined, { ...FIELDS, name: "no-file" })).body.error.field).toBe("file");
    expect((await upload(file)).status).toBe(409);
    expect(await storedFiles()).toHaveLength(2);
  });
});
