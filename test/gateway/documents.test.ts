import { beforeAll, describe, expect, it } from "vitest";
import { deleteExpiredDocuments, planDocument } from "@parley/server/testing";
import { DOCUMENT_QUERY, downloadDocument, longTextDocument, uploadDocument } from "../support/documents.js";
import { errorCode, graphql } from "../support/gateway.js";
import { useTestGateway } from "../support/use-test-gateway.js";
import { waitFor } from "../registry/support/wait.js";

const MARKDOWN = `# A guide to the town

Welcome to *our* town. Read [the guide](https://example.com/guide) before you go!

- see the river
- [ ] visit the \`museum\`

\`\`\`sh
pnpm start --keep "this"
\`\`\`

> a quoted line
`;

const HTML = `<!DOCTYPE html>
<html><body>
<h1 title="the title">Welcome home</h1>
<p>First paragraph here. It has two sentences.</p>
<pre><code>keep();</code></pre>
<p>Second <b>bold</b> paragraph.</p>
</body></html>
`;

describe("documents: upload, status, download, billing", () => {
  const gateway = useTestGateway({ tinyModel: true });
  let key: string;
  let tenantId: string;
  const status = async (id: string, withKey = key) => (await graphql(gateway.graphqlUrl, DOCUMENT_QUERY, { id }, withKey)).data?.document;
  const finished = (id: string) =>
    waitFor(`document ${id} to finish`, async () => {
      const document = await status(id);
      return ["DONE", "FAILED", "CANCELLED"].includes(document?.status) && document;
    }, 120_000, 100);

  beforeAll(async () => {
    ({ key, tenantId } = await gateway.createTenantWithKey({ requestsPerMinute: 10_000, monthlyCharacterQuota: 1_000_000 }));
  });

  it("translates Markdown keeping its structure, billing only the text, once", async () => {
    const upload = await uploadDocument(gateway.url, key, { content: MARKDOWN, filename: "guide.md", fields: { model: "tiny-en-fr" } });
    expect(upload.status).toBe(201);
    expect(upload.body).toMatchObject({ object: "document", status: "QUEUED", format: "MARKDOWN", filename: "guide.md" });
    const billed = planDocument(MARKDOWN, "MARKDOWN").billedCharacters;
    expect(upload.body.billedCharacters).toBe(billed);
    const done = await finished(upload.body.id);
    expect(done).toMatchObject({ status: "DONE", progress: 1, secondsRemaining: 0, billedCharacters: billed, modelName: "tiny-en-fr", modelVersion: 1, error: null });
    const finishedAt = Date.parse(done.finishedAt);
    expect(Date.parse(done.expiresAt) - finishedAt).toBe(24 * 3600 * 1000);

    const download = await downloadDocument(gateway.url, key, upload.body.id);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toMatch(/^text\/markdown/);
    expect(download.headers.get("content-disposition")).toContain('filename="guide.md"');
    const lines = download.text.split("\n");
    expect(lines).toHaveLength(MARKDOWN.split("\n").length);
    expect(lines[0]).toMatch(/^# \S/);
    expect(download.text).toContain("](https://example.com/guide)");
    expect(download.text).toContain("`museum`");
    expect(download.text).toContain('```sh\npnpm start --keep "this"\n```');
    expect(lines.filter((line) => line.startsWith("- ")).length).toBe(2);
    expect(download.text).toContain("\n> ");

    const rows = await gateway.db.prisma.usageRecord.findMany({ where: { tenantId, idempotencyKey: `document:${upload.body.id}` } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: "SUCCEEDED", inputCharacters: billed });
  });

  it("translates HTML keeping tags, attributes and code, with the format from the extension", async () => {
    const upload = await uploadDocument(gateway.url, key, { content: HTML, filename: "page.htm", fields: { sourceLanguage: "en", targetLanguage: "fr" } });
    expect(upload.status).toBe(201);
    expect(upload.body.format).toBe("HTML");
    expect((await finished(upload.body.id)).status).toBe("DONE");
    const download = await downloadDocument(gateway.url, key, upload.body.id);
    expect(download.headers.get("content-type")).toMatch(/^text\/html/);
    expect(download.text).toContain("<pre><code>keep();</code></pre>");
    expect(download.text).toMatch(/<h1 title="[^"]+">[^<]+<\/h1>/);
    expect(download.text).toMatch(/<p>[^<]+<b>[^<]+<\/b>[^<]+<\/p>/);
    expect(download.text.split("\n")).toHaveLength(HTML.split("\n").length);
  });

  it("refuses a document over the remaining quota before any work: nothing stored, nothing reserved", async () => {
    const small = await gateway.createTenantWithKey({ monthlyCharacterQuota: 1_000 });
    const { text } = await longTextDocument(2_000);
    const upload = await uploadDocument(gateway.url, small.key, { content: text, filename: "long.txt", fields: { model: "tiny-en-fr" } });
    expect(upload.status).toBe(429);
    expect(upload.headers.get("retry-after")).toBeNull();
    expect(upload.body.error).toMatchObject({ code: "QUOTA_EXCEEDED", remaining: 1_000, requested: planDocument(text, "TEXT").billedCharacters });
    expect(await gateway.db.prisma.document.count({ where: { tenantId: small.tenantId } })).toBe(0);
    expect(await gateway.db.prisma.usageRecord.count({ where: { tenantId: small.tenantId } })).toBe(0);
    const counter = await gateway.db.prisma.usageCounter.findFirst({ where: { tenantId: small.tenantId } });
    expect(Number(counter?.characters ?? 0)).toBe(0);
  });

  it("keeps documents to their tenant: another tenant's is NOT_FOUND everywhere", async () => {
    const upload = await uploadDocument(gateway.url, key, { content: "Hello there.\n", filename: "a.txt", fields: { model: "tiny-en-fr" } });
    await finished(upload.body.id);
    const other = await gateway.createTenantWithKey();
    expect(await status(upload.body.id, other.key)).toBeNull();
    const download = await downloadDocument(gateway.url, other.key, upload.body.id);
    expect(download.status).toBe(404);
    expect(JSON.parse(download.text).error.code).toBe("NOT_FOUND");
    const rest = await fetch(`${gateway.url}/v1/documents/${upload.body.id}`, { headers: { authorization: `Bearer ${other.key}` } });
    expect(rest.status).toBe(404);
    const cancel = await graphql(gateway.graphqlUrl, `mutation C($id: ID!) { cancelDocument(id: $id) { id } }`, { id: upload.body.id }, other.key);
    expect(errorCode(cancel)).toBe("NOT_FOUND");
    const list = await graphql(gateway.graphqlUrl, `{ documents { nodes { id } } }`, {}, other.key);
    expect(list.data?.documents.nodes).toEqual([]);
  });

  it("creates one document for an upload retried with the same Idempotency-Key", async () => {
    const upload = { content: "One sentence. Two sentences.\n", filename: "retry.txt", fields: { model: "tiny-en-fr" }, idempotencyKey: "doc-retry-1" };
    const first = await uploadDocument(gateway.url, key, upload);
    const second = await uploadDocument(gateway.url, key, upload);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect(second.body.id).toBe(first.body.id);
    expect(await gateway.db.prisma.document.count({ where: { tenantId, filename: "retry.txt" } })).toBe(1);
    const reused = await uploadDocument(gateway.url, key, { ...upload, content: "Another text.\n" });
    expect(reused.status).toBe(409);
    expect(reused.body.error.code).toBe("CONFLICT");
  });

  it("refuses files it cannot translate", async () => {
    const docx = await uploadDocument(gateway.url, key, { content: "PK\u0003\u0004", filename: "letter.docx", fields: { model: "tiny-en-fr" } });
    expect(docx.status).toBe(400);
    expect(docx.body.error).toMatchObject({ code: "BAD_USER_INPUT", field: "format" });
    const binary = await fetch(`${gateway.url}/v1/documents`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}` },
      body: (() => {
        const form = new FormData();
        form.append("model", "tiny-en-fr");
        form.append("file", new Blob([new Uint8Array([0xff, 0xfe, 0x00])]), "bad.txt");
        return form;
      })(),
    });
    expect(binary.status).toBe(400);
  });

  it("deletes documents past their retention", async () => {
    const upload = await uploadDocument(gateway.url, key, { content: "Short one.\n", filename: "old.txt", fields: { model: "tiny-en-fr" } });
    await finished(upload.body.id);
    await gateway.db.prisma.document.update({ where: { id: upload.body.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const { Pool } = (await import("pg")).default;
    const pool = new Pool({ connectionString: gateway.db.url });
    try {
      expect(await deleteExpiredDocuments(pool)).toBeGreaterThanOrEqual(1);
    } finally {
      await pool.end();
    }
    expect(await status(upload.body.id)).toBeNull();
    expect((await downloadDocument(gateway.url, key, upload.body.id)).status).toBe(404);
    // The bill stays.
    expect(await gateway.db.prisma.usageRecord.count({ where: { idempotencyKey: `document:${upload.body.id}`, status: "SUCCEEDED" } })).toBe(1);
  });
});

describe("documents waiting for a runner", () => {
  const gateway = useTestGateway({ tinyModel: true, env: { PARLEY_DOCUMENT_CONCURRENCY: "0" } });

  it("is not downloadable until DONE, and cancelling releases its reservation", async () => {
    const { key, tenantId } = await gateway.createTenantWithKey();
    const upload = await uploadDocument(gateway.url, key, { content: "Wait for me. Please.\n", filename: "wait.txt", fields: { model: "tiny-en-fr" } });
    expect(upload.status).toBe(201);
    const early = await downloadDocument(gateway.url, key, upload.body.id);
    expect(early.status).toBe(409);
    expect(JSON.parse(early.text).error).toMatchObject({ code: "DOCUMENT_NOT_READY", documentStatus: "QUEUED" });
    const counter = () => gateway.db.prisma.usageCounter.findFirstOrThrow({ where: { tenantId } });
    expect(Number((await counter()).characters)).toBe(upload.body.billedCharacters);

    const cancel = await graphql(gateway.graphqlUrl, `mutation C($id: ID!) { cancelDocument(id: $id) { status } }`, { id: upload.body.id }, key);
    expect(cancel.data?.cancelDocument.status).toBe("CANCELLED");
    expect(Number((await counter()).characters)).toBe(0);
    const row = await gateway.db.prisma.usageRecord.findFirstOrThrow({ where: { tenantId } });
    expect(row.status).toBe("FAILED");
    const removed = await graphql(gateway.graphqlUrl, `mutation D($id: ID!) { deleteDocument(id: $id) { id } }`, { id: upload.body.id }, key);
    expect(removed.errors).toBeUndefined();
    expect(await gateway.db.prisma.document.count({ where: { tenantId } })).toBe(0);
  });
});
