import { afterEach, describe, expect, it } from "vitest";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { APIConnectionError, ConflictError, InternalServerError, Parley, QuotaExceededError, BadRequestError, RateLimitError } from "../src/index.js";
import { translationFixture } from "./support/fixtures.js";
import { graphqlData, graphqlError, inSequence, readForm, startScriptedServer, type ScriptedServer } from "./support/scripted-server.js";

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(...responses: Parameters<typeof inSequence>): Promise<Parley> {
  server = await startScriptedServer(inSequence(...responses));
  return new Parley({ apiKey: "pk_test", baseURL: server.url });
}

const translated = graphqlData({ translate: translationFixture(["hello"]) });

describe("retries", () => {
  it("honours retry-after-ms and Retry-After seconds, reusing one idempotency key", async () => {
    const client = await serve(
      graphqlError("RATE_LIMITED", 429, {}, { "retry-after-ms": "150" }),
      { status: 503, headers: { "retry-after": "1" }, body: { error: { message: "draining" } } },
      translated,
    );
    const result = await client.translations.create({ model: "eng-fra", text: "hello" });
    expect(result.translations[0]?.text).toBe("HELLO");

    const requests = server!.requests;
    expect(requests).toHaveLength(3);
    const [first, second] = server!.gaps();
    expect(first).toBeGreaterThanOrEqual(145);
    expect(first).toBeLessThan(800);
    expect(second).toBeGreaterThanOrEqual(995);
    expect(second).toBeLessThan(1_800);

    const headerKeys = requests.map((request) => request.headers["idempotency-key"]);
    const inputKeys = requests.map((request) => (request.json?.variables?.input as { idempotencyKey?: string }).idempotencyKey);
    expect(new Set(headerKeys).size).toBe(1);
    expect(headerKeys[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(inputKeys).toEqual(headerKeys);
  });

  it("backs off 0.5 s then 1 s (minus up to 25% jitter) without Retry-After", async () => {
    const client = await serve({ status: 503 }, { status: 502 }, graphqlData({ model: null }));
    await expect(client.models.retrieve("missing")).rejects.toThrow(/not found/);
    expect(server!.requests).toHaveLength(3);
    const [first, second] = server!.gaps();
    expect(first).toBeGreaterThanOrEqual(370);
    expect(first).toBeLessThan(1_000);
    expect(second).toBeGreaterThanOrEqual(745);
    expect(second).toBeLessThan(1_600);
  });

  it("gives up after maxRetries with the last error", async () => {
    const client = await serve({ status: 503, headers: { "retry-after-ms": "10", "x-request-id": "req-503" }, body: { error: { message: "overloaded" } } });
    const error = await client.viewer().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).toMatchObject({ status: 503, requestId: "req-503", message: "503: overloaded" });
    expect(server!.requests).toHaveLength(3);
  });

  it("takes maxRetries from the client and from each request", async () => {
    server = await startScriptedServer(inSequence({ status: 500, headers: { "retry-after-ms": "5" } }));
    const client = new Parley({ apiKey: "pk_test", baseURL: server.url, maxRetries: 4 });
    await expect(client.viewer()).rejects.toBeInstanceOf(InternalServerError);
    expect(server.requests).toHaveLength(5);
    await expect(client.viewer({ maxRetries: 0 })).rejects.toBeInstanceOf(InternalServerError);
    expect(server.requests).toHaveLength(6);
  });

  it("retries 408 and RATE_LIMITED in a 200 (extensions.retryAfter), not 400", async () => {
    const client = (await serve(
      { status: 408, headers: { "retry-after-ms": "5" } },
      graphqlError("RATE_LIMITED", 200, { retryAfter: 0.05 }),
      graphqlError("BAD_USER_INPUT", 400),
    )).withOptions({ maxRetries: 5 });
    await expect(client.viewer()).rejects.toBeInstanceOf(BadRequestError);
    expect(server!.requests).toHaveLength(3);
    expect(server!.gaps()[1]).toBeGreaterThanOrEqual(45);
  });

  it("never retries 409 CONFLICT, for queries, mutations and uploads alike", async () => {
    const conflict = graphqlError("CONFLICT", 409, {}, { "retry-after-ms": "5" });
    const client = await serve(conflict);
    await expect(client.viewer()).rejects.toBeInstanceOf(ConflictError);
    await expect(client.models.create({ name: "taken", sourceLanguage: "en", targetLanguage: "fr" })).rejects.toBeInstanceOf(ConflictError);
    await expect(client.datasets.upload({ file: "a\tb\n", name: "taken", sourceLanguage: "en", targetLanguage: "fr" })).rejects.toBeInstanceOf(ConflictError);
    expect(server!.requests).toHaveLength(3);
  });

  it("lets the server decide with x-should-retry", async () => {
    let client = await serve({ ...graphqlError("CONFLICT", 409, {}, { "x-should-retry": "true", "retry-after-ms": "5" }) }, graphqlData({ viewer: { scopes: [] } }));
    await expect(client.viewer()).resolves.toEqual({ scopes: [] });
    expect(server!.requests).toHaveLength(2);
    await server!.close();
    client = await serve({ status: 503, headers: { "x-should-retry": "false", "retry-after-ms": "5" } });
    await expect(client.viewer()).rejects.toBeInstanceOf(InternalServerError);
    expect(server!.requests).toHaveLength(1);
  });

  it("does not retry a 429 without a wait to honour", async () => {
    const client = await serve(graphqlError("RATE_LIMITED", 429));
    await expect(client.viewer()).rejects.toBeInstanceOf(RateLimitError);
    expect(server!.requests).toHaveLength(1);
  });

  it("retries a 5xx of a query or of a keyed mutation, never of a mutation sent without a key", async () => {
    const client = await serve({ status: 503, headers: { "retry-after-ms": "5" } });
    await expect(client.models.create({ name: "m", sourceLanguage: "en", targetLanguage: "fr" }, { headers: { "Idempotency-Key": null } })).rejects.toBeInstanceOf(InternalServerError);
    expect(server!.requests).toHaveLength(1);
    expect(server!.requests[0]!.headers["idempotency-key"]).toBeUndefined();
    await expect(client.models.create({ name: "m", sourceLanguage: "en", targetLanguage: "fr" })).rejects.toBeInstanceOf(InternalServerError);
    expect(server!.requests).toHaveLength(4);
  });

  it("retries a dropped connection only for requests safe to repeat", async () => {
    let attempts = 0;
    const dropping = createServer((request) => {
      attempts++;
      request.resume();
      request.on("end", () => request.socket.destroy());
    });
    await new Promise<void>((resolve) => dropping.listen(0, "127.0.0.1", resolve));
    const baseURL = `http://127.0.0.1:${(dropping.address() as AddressInfo).port}`;
    try {
      const client = new Parley({ apiKey: "pk_test", baseURL });
      await expect(client.apiKeys.create({ name: "k", scopes: ["READ"] }, { headers: { "Idempotency-Key": null } })).rejects.toBeInstanceOf(APIConnectionError);
      expect(attempts).toBe(1);
      await expect(client.apiKeys.create({ name: "k", scopes: ["READ"] })).rejects.toBeInstanceOf(APIConnectionError);
      expect(attempts).toBe(4);
    } finally {
      await new Promise((resolve) => dropping.close(resolve));
    }
  });

  it("never retries QUOTA_EXCEEDED, whatever the status", async () => {
    const extensions = { limit: 1000, used: 998, resetsAt: "2026-12-01T00:00:00.000Z" };
    for (const status of [429, 200]) {
      const client = await serve(graphqlError("QUOTA_EXCEEDED", status, extensions, { "retry-after-ms": "5" }));
      const error = await client.translations.create({ model: "eng-fra", texts: ["abc"] }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(QuotaExceededError);
      expect(error).toMatchObject({ code: "QUOTA_EXCEEDED", limit: 1000, used: 998, resetsAt: "2026-12-01T00:00:00.000Z" });
      expect(server!.requests).toHaveLength(1);
      await server!.close();
    }
  });

  it("does not retry MODEL_VERSION_UNAVAILABLE despite its 409", async () => {
    const client = await serve(graphqlError("MODEL_VERSION_UNAVAILABLE", 409, { versionStatus: "ARCHIVED" }, { "retry-after-ms": "5" }), translated);
    await expect(client.translations.create({ model: "eng-fra", text: "a", version: 1 })).rejects.toMatchObject({ code: "MODEL_VERSION_UNAVAILABLE" });
    expect(server!.requests).toHaveLength(1);
  });

  it("sends no key with queries, a fresh key per mutation call, and the caller's key when given", async () => {
    const client = await serve(translated);
    await client.models.list().catch(() => undefined);
    await client.translations.create({ model: "eng-fra", text: "a" });
    await client.translations.create({ model: "eng-fra", text: "a" });
    await client.translations.create({ model: "eng-fra", text: "a", idempotencyKey: "from-params" });
    await client.translations.create({ model: "eng-fra", text: "a" }, { idempotencyKey: "from-options" });
    await client.apiKeys.revoke("key-1", { idempotencyKey: "revoke-1" }).catch(() => undefined);
    const keys = server!.requests.map((request) => request.headers["idempotency-key"]);
    expect(keys[0]).toBeUndefined();
    expect(keys[1]).toBeTypeOf("string");
    expect(keys[2]).toBeTypeOf("string");
    expect(keys[1]).not.toBe(keys[2]);
    expect(keys.slice(3)).toEqual(["from-params", "from-options", "revoke-1"]);
    expect((server!.requests[3]?.json?.variables?.input as { idempotencyKey: string }).idempotencyKey).toBe("from-params");
  });

  it("re-sends an upload's multipart body intact with the same key", async () => {
    const dataset = { id: "dataset-1", name: "tiny", sourceLanguage: "en", targetLanguage: "fr" };
    const client = await serve({ status: 503, headers: { "retry-after-ms": "5" } }, { status: 201, body: dataset });
    const uploaded = await client.datasets.upload({ file: "hello\tbonjour\n", name: "tiny", sourceLanguage: "en", targetLanguage: "fr" });
    expect(uploaded.id).toBe("dataset-1");
    const [first, second] = server!.requests;
    const forms = await Promise.all([first!, second!].map(readForm));
    for (const form of forms) {
      expect(["name", "sourceLanguage", "targetLanguage"].map((field) => form.get(field))).toEqual(["tiny", "en", "fr"]);
      const file = form.get("file") as File;
      expect(file.name).toBe("tiny.tsv");
      expect(await file.text()).toBe("hello\tbonjour\n");
    }
    expect(second?.headers["idempotency-key"]).toBe(first?.headers["idempotency-key"]);
  });
});
