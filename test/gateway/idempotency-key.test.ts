import { describe, expect, it } from "vitest";
import { generateApiKey } from "@parley/server";
import { errorCode, graphql } from "../support/gateway.js";
import { useTestGateway } from "../support/use-test-gateway.js";
import { syntheticPairs, toTsv } from "../registry/support/synthetic-corpus.js";

const CREATE_KEY = `mutation K($input: CreateApiKeyInput!) { createApiKey(input: $input) { key apiKey { id name } } }`;
const CREATE_MODEL = `mutation M($input: CreateModelInput!) { createModel(input: $input) { id name } }`;
const TRAIN = `mutation T($input: TrainModelInput!) { trainModel(input: $input) { id status } }`;

/** `Idempotency-Key` on mutations and uploads, through real HTTP: the same request sent twice, as a retry does. */
describe("Idempotency-Key", () => {
  const gateway = useTestGateway();
  const withKey = (idempotencyKey: string) => ({ "idempotency-key": idempotencyKey });

  it("a repeated createApiKey creates one key and replays the first answer; another request with the key is refused", async () => {
    const { tenantId, key } = await gateway.createTenantWithKey({}, ["ADMIN"]);
    const before = await gateway.db.prisma.apiKey.count({ where: { tenantId } });
    const input = { input: { tenantId, name: "ci", scopes: ["TRANSLATE"] } };
    const first = await graphql(gateway.graphqlUrl, CREATE_KEY, input, key, withKey("key-1"));
    const second = await graphql(gateway.graphqlUrl, CREATE_KEY, input, key, withKey("key-1"));
    expect(first.errors).toBeUndefined();
    expect(second.status).toBe(200);
    expect(second.data).toEqual(first.data);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect(await gateway.db.prisma.apiKey.count({ where: { tenantId } })).toBe(before + 1);
    // The stored answer holds the new secret key: never in clear in the database.
    const stored = await gateway.db.prisma.idempotentRequest.findMany({ where: { tenantId } });
    expect(JSON.stringify(stored)).not.toContain(first.data?.createApiKey.key);

    const other = await graphql(gateway.graphqlUrl, CREATE_KEY, { input: { tenantId, name: "other", scopes: ["READ"] } }, key, withKey("key-1"));
    expect(other.status).toBe(409);
    expect(errorCode(other)).toBe("CONFLICT");
    expect(await gateway.db.prisma.apiKey.count({ where: { tenantId } })).toBe(before + 1);
  });

  it("keys are scoped per tenant", async () => {
    const a = await gateway.createTenantWithKey({}, ["TRAIN", "READ"]);
    const b = await gateway.createTenantWithKey({}, ["TRAIN", "READ"]);
    const input = (name: string) => ({ input: { name, sourceLanguage: "en", targetLanguage: "fr" } });
    const fromA = await graphql(gateway.graphqlUrl, CREATE_MODEL, input("shared-key-model"), a.key, withKey("same"));
    const fromB = await graphql(gateway.graphqlUrl, CREATE_MODEL, input("shared-key-model"), b.key, withKey("same"));
    expect(fromA.errors).toBeUndefined();
    expect(fromB.errors).toBeUndefined();
    expect(fromB.data?.createModel.id).not.toBe(fromA.data?.createModel.id);
  });

  it("concurrent duplicates create one object and all get its answer", async () => {
    const { tenantId, key } = await gateway.createTenantWithKey({}, ["TRAIN", "READ"]);
    const input = { input: { name: "concurrent", sourceLanguage: "en", targetLanguage: "fr" } };
    const responses = await Promise.all(Array.from({ length: 5 }, () => graphql(gateway.graphqlUrl, CREATE_MODEL, input, key, withKey("model-1"))));
    for (const response of responses) expect(response.errors).toBeUndefined();
    expect(new Set(responses.map((response) => response.data?.createModel.id)).size).toBe(1);
    expect(await gateway.db.prisma.model.count({ where: { ownerTenantId: tenantId } })).toBe(1);
  });

  it("a repeated dataset upload and trainModel create one dataset and one job", async () => {
    const { tenantId, key } = await gateway.createTenantWithKey({}, ["TRAIN", "READ"]);
    const tsv = toTsv(syntheticPairs(300));
    const upload = async (idempotencyKey: string, name = "synthetic") => {
      // A new FormData each time: a new multipart boundary, as a retry over a new connection has.
      const form = new FormData();
      for (const [field, value] of Object.entries({ name, sourceLanguage: "en", targetLanguage: "fr" })) form.append(field, value);
      form.append("file", new Blob([tsv]), "pairs.tsv");
      const response = await fetch(`${gateway.url}/v1/datasets`, { method: "POST", body: form, headers: { authorization: `Bearer ${key}`, ...withKey(idempotencyKey) } });
      return { status: response.status, body: (await response.json()) as Record<string, any> };
    };
    const first = await upload("upload-1");
    const second = await upload("upload-1");
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body.id).toBe(first.body.id);
    expect(await gateway.db.prisma.dataset.count({ where: { tenantId } })).toBe(1);
    const renamed = await upload("upload-1", "another-name");
    expect(renamed.status).toBe(409);
    expect(renamed.body.error.code).toBe("CONFLICT");

    await graphql(gateway.graphqlUrl, CREATE_MODEL, { input: { name: "to-train", sourceLanguage: "en", targetLanguage: "fr" } }, key);
    const train = { input: { model: "to-train", dataset: first.body.id, preset: "tiny", maxMinutes: 1 } };
    const jobs = [
      await graphql(gateway.graphqlUrl, TRAIN, train, key, withKey("train-1")),
      await graphql(gateway.graphqlUrl, TRAIN, train, key, withKey("train-1")),
    ];
    expect(jobs[0]!.errors).toBeUndefined();
    expect(jobs[1]!.data).toEqual(jobs[0]!.data);
    expect(await gateway.db.prisma.trainingJob.count({ where: { tenantId } })).toBe(1);
  });

  it("does not keep an answer worth retrying, and refuses a malformed key", async () => {
    const { key } = await gateway.createTenantWithKey({ requestsPerMinute: 1 }, ["TRAIN", "READ"]);
    const input = (name: string) => ({ input: { name, sourceLanguage: "en", targetLanguage: "fr" } });
    expect((await graphql(gateway.graphqlUrl, CREATE_MODEL, input("first"), key)).errors).toBeUndefined();
    const limited = await graphql(gateway.graphqlUrl, CREATE_MODEL, input("limited"), key, withKey("limited-1"));
    expect(errorCode(limited)).toBe("RATE_LIMITED");
    // The claim is given up once the answer has gone out (asynchronously, just after it).
    await expect.poll(() => gateway.db.prisma.idempotentRequest.count({ where: { key: "limited-1" } }), { timeout: 5_000 }).toBe(0);
    const malformed = await graphql(gateway.graphqlUrl, CREATE_MODEL, input("x"), generateApiKey(), withKey("has space"));
    expect(malformed.status).toBe(400);
    expect(errorCode(malformed)).toBe("BAD_USER_INPUT");
  });
});
