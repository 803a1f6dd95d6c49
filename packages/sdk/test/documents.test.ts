import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Parley } from "../src/index.js";
import { graphqlData, readForm, startScriptedServer, type RecordedRequest, type ScriptedResponse, type ScriptedServer } from "./support/scripted-server.js";

const STATUSES = ["QUEUED", "TRANSLATING", "TRANSLATING", "DONE"];
let polls = 0;

function respond(request: RecordedRequest): ScriptedResponse {
  if (request.path === "/v1/documents") return { status: 201, body: { object: "document", id: "doc-1", status: "QUEUED", billedCharacters: 12 } };
  if (request.path === "/v1/documents/doc-1/result") return { status: 200, headers: { "content-type": "text/plain" }, body: '{"looks": "like json"}\n' };
  if (request.path === "/v1/documents/doc-2/result") {
    return { status: 409, body: { error: { code: "DOCUMENT_NOT_READY", message: "not yet", documentStatus: "QUEUED" } } };
  }
  const status = STATUSES[Math.min(polls++, STATUSES.length - 1)];
  return graphqlData({ document: { id: "doc-1", status, progress: status === "DONE" ? 1 : 0.5, secondsRemaining: status === "DONE" ? 0 : 3 } });
}

let server: ScriptedServer;
let client: Parley;
beforeAll(async () => {
  server = await startScriptedServer(respond);
  client = new Parley({ apiKey: "pk_test_123", baseURL: server.url, maxRetries: 0 });
});
afterAll(() => server.close());

describe("documents", () => {
  it("uploads a document as multipart/form-data with an idempotency key, polls it to DONE, and downloads its text verbatim", async () => {
    const document = await client.documents.upload({ file: "Hello there.\n", filename: "hello.md", model: "eng-fra", version: 2 });
    expect(document).toMatchObject({ id: "doc-1", status: "QUEUED", billedCharacters: 12 });
    const upload = server.requests.at(-1)!;
    expect(upload.path).toBe("/v1/documents");
    expect(upload.headers["idempotency-key"]).toMatch(/\S/);
    const form = await readForm(upload);
    expect(form.get("model")).toBe("eng-fra");
    expect(form.get("version")).toBe("2");
    expect(((form.get("file") as File).name)).toBe("hello.md");

    const seen: string[] = [];
    const done = await client.documents.waitForCompletion("doc-1", { pollIntervalMs: 5, onProgress: (each) => seen.push(each.status) });
    expect(done.status).toBe("DONE");
    expect(seen).toEqual(STATUSES);

    expect(await client.documents.download("doc-1")).toBe('{"looks": "like json"}\n');
  });

  it("throws the gateway's error for a download that is not ready", async () => {
    await expect(client.documents.download("doc-2")).rejects.toMatchObject({ status: 409 });
  });
});
