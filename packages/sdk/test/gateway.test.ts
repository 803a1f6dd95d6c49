/**
 * The SDK against the real gateway (Apollo, PostgreSQL, limits, ledger), started
 * in-process by test/support/gateway.ts on its own database.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { TestGateway } from "../../../test/support/gateway.js";
import { useTestGateway } from "../../../test/support/use-test-gateway.js";
import { ledgerSettled } from "../../../test/support/ledger.js";
import { startLossyProxy } from "./support/lossy-proxy.js";
import {
  AuthenticationError,
  BadRequestError,
  NotFoundError,
  Parley,
  PermissionDeniedError,
  QuotaExceededError,
  RateLimitError,
  type Fetch,
} from "../src/index.js";

const gateway = useTestGateway();
let admin: Parley;
const modelNames = ["sdk-tiny-a", "sdk-tiny-b"];

beforeAll(async () => {
  for (const name of modelNames) await gateway.publishTinyModel(name);
  admin = new Parley({ apiKey: gateway.adminKey, baseURL: gateway.url });
});

/** A client for a fresh tenant, with a fetch that counts attempts. */
async function tenantClient(limits: Parameters<TestGateway["createTenantWithKey"]>[0] = {}, scopes?: Parameters<TestGateway["createTenantWithKey"]>[1]) {
  const { tenantId, key } = await gateway.createTenantWithKey(limits, scopes);
  const counter = { attempts: 0 };
  const countingFetch: Fetch = (input, init) => {
    counter.attempts++;
    return fetch(input, init);
  };
  return { tenantId, key, counter, client: new Parley({ apiKey: key, baseURL: gateway.url, fetch: countingFetch }) };
}

const codePoints = (texts: string[]) => texts.reduce((sum, text) => sum + [...text].length, 0);

describe("SDK against the gateway", () => {
  it("translates a batch and a single text, billing code points once per idempotency key", async () => {
    const { client } = await tenantClient();
    const texts = ["hello world", "thank you, cat"];
    const { data, response, requestId } = await client.translations.create({ model: "sdk-tiny-a", texts }).withResponse();
    expect(data.translations).toHaveLength(2);
    for (const translation of data.translations) expect(translation.text).toBeTypeOf("string");
    expect(data.model.name).toBe("sdk-tiny-a");
    expect(data.modelVersion.version).toBe(1);
    expect(data.usage.billedCharacters).toBe(codePoints(texts));
    expect(data.replayed).toBe(false);
    expect(requestId).toBeTypeOf("string");
    expect(Number(response.headers.get("x-ratelimit-remaining"))).toBeGreaterThanOrEqual(0);

    const single = await client.translations.create({ model: "sdk-tiny-a", text: "the red house", idempotencyKey: "sdk-once" });
    expect(single.translations).toHaveLength(1);
    const replay = await client.translations.create({ model: "sdk-tiny-a", text: "the red house", idempotencyKey: "sdk-once" });
    expect(replay.replayed).toBe(true);
    expect(replay.translations).toEqual(single.translations);

    const viewer = await client.viewer();
    expect(viewer.tenant.quota.used).toBe(codePoints(texts) + codePoints(["the red house"]));
  });

  it("lists public models across pages and retrieves one", async () => {
    const { client } = await tenantClient();
    const page = await client.models.list({ first: 1 });
    expect(page.data).toHaveLength(1);
    expect(page.hasNextPage()).toBe(true);
    const names = (await client.models.list({ first: 1 }).toArray()).map((model) => model.name);
    expect(names).toEqual(expect.arrayContaining(modelNames));
    expect(new Set(names).size).toBe(names.length);
    const model = await client.models.retrieve("sdk-tiny-b");
    expect(model.labels).toContainEqual({ name: "stable", version: 1 });
    await expect(client.models.retrieve("no-such-model")).rejects.toBeInstanceOf(NotFoundError);
  });

  it("reports usage grouped by model and by day", async () => {
    const { client } = await tenantClient();
    await client.translations.create({ model: "sdk-tiny-a", texts: ["hello", "dog"] });
    await client.translations.create({ model: "sdk-tiny-b", text: "world" });
    await ledgerSettled(gateway.db.prisma);
    const from = new Date(Date.now() - 86_400_000);
    const to = new Date(Date.now() + 86_400_000);
    const byModel = await client.usage.retrieve({ from, to, groupBy: "MODEL" });
    const billed = Object.fromEntries(byModel.groups.map((group) => [group.key, group.billedCharacters]));
    expect(billed).toEqual({ "sdk-tiny-a": 8, "sdk-tiny-b": 5 });
    expect(byModel.totals).toMatchObject({ requests: 2, billedCharacters: 13 });
    const byDay = await client.usage.retrieve({ from, to, groupBy: "DAY" });
    expect(byDay.totals.billedCharacters).toBe(13);
  });

  it("creates, lists and revokes API keys", async () => {
    const { client, tenantId } = await tenantClient({}, ["TRANSLATE", "READ", "KEYS"]);
    const created = await client.apiKeys.create({ name: "sdk-read-only", scopes: ["READ"] });
    expect(created.key).toMatch(created.apiKey.prefix);
    const readOnly = new Parley({ apiKey: created.key, baseURL: gateway.url });
    const viewer = await readOnly.viewer();
    expect(viewer.tenant.id).toBe(tenantId);
    expect(viewer.scopes).toEqual(["READ"]);
    expect((await client.apiKeys.list()).map((key) => key.name)).toContain("sdk-read-only");
    await expect(readOnly.translations.create({ model: "sdk-tiny-a", text: "hello" })).rejects.toBeInstanceOf(PermissionDeniedError);
    await expect(client.apiKeys.create({ name: "escalate", scopes: ["ADMIN"] })).rejects.toBeInstanceOf(PermissionDeniedError);

    const revoked = await client.apiKeys.revoke(created.apiKey.id);
    expect(revoked.revokedAt).not.toBeNull();
    await expect(readOnly.viewer()).rejects.toBeInstanceOf(AuthenticationError);
  });

  it("lets an admin manage tenants", async () => {
    const tenant = await admin.tenants.create({ name: `sdk-tenant-${Date.now()}`, monthlyCharacterQuota: 5_000 });
    expect(tenant.limits.monthlyCharacterQuota).toBe(5_000);
    const updated = await admin.tenants.updateLimits({ tenantId: tenant.id, requestsPerMinute: 7 });
    expect(updated.limits.requestsPerMinute).toBe(7);
    expect((await admin.tenants.retrieve(tenant.id)).name).toBe(tenant.name);
    const all = await admin.tenants.list({ first: 100 }).toArray();
    expect(all.map((each) => each.id)).toContain(tenant.id);
    const { client } = await tenantClient();
    await expect(client.tenants.create({ name: "not-allowed" })).rejects.toBeInstanceOf(PermissionDeniedError);
  });

  it("maps a bad key to AuthenticationError with the request id", async () => {
    const client = new Parley({ apiKey: "pk_live_not_a_real_key_0000000000", baseURL: gateway.url });
    const error = await client.viewer().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 401, code: "UNAUTHENTICATED" });
    expect((error as AuthenticationError).requestId).toBeTypeOf("string");
  });

  it("throws QuotaExceededError without retrying", async () => {
    const { client, counter } = await tenantClient({ monthlyCharacterQuota: 10 });
    await client.translations.create({ model: "sdk-tiny-a", text: "hello" });
    counter.attempts = 0;
    const error = await client.translations.create({ model: "sdk-tiny-a", text: "hello world" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(QuotaExceededError);
    expect(error).toMatchObject({ code: "QUOTA_EXCEEDED", requested: 11, remaining: 5 });
    expect(Date.parse((error as QuotaExceededError).resetsAt ?? "")).toBeGreaterThan(Date.now());
    expect(counter.attempts).toBe(1);
  });

  it("throws RateLimitError with retryAfter once the per-minute limit is spent", async () => {
    const { client } = await tenantClient({ requestsPerMinute: 2 });
    await client.translations.create({ model: "sdk-tiny-a", text: "cat" });
    await client.translations.create({ model: "sdk-tiny-a", text: "dog" });
    const error = await client.translations.create({ model: "sdk-tiny-a", text: "you" }, { maxRetries: 0 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ status: 429, code: "RATE_LIMITED" });
    expect((error as RateLimitError).retryAfter).toBeGreaterThan(0);
    expect((error as RateLimitError).retryAfter).toBeLessThanOrEqual(60);
  });

  it("maps limit violations to BadRequestError", async () => {
    const { client } = await tenantClient({ maxBatchSize: 2 });
    const error = await client.translations.create({ model: "sdk-tiny-a", texts: ["a", "b", "c"] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({ status: 400, code: "BAD_USER_INPUT" });
  });

  it("a retry whose first answer was lost creates one API key, one dataset and one training job", async () => {
    const { tenantId, key } = await gateway.createTenantWithKey({}, ["TRANSLATE", "TRAIN", "READ", "KEYS"]);
    const prisma = gateway.db.prisma;
    const keysBefore = await prisma.apiKey.count({ where: { tenantId } });
    const lossy = async <T>(call: (client: Parley) => Promise<T>): Promise<{ result: T; forwarded: number }> => {
      const proxy = await startLossyProxy(gateway.url);
      try {
        const result = await call(new Parley({ apiKey: key, baseURL: proxy.url }));
        return { result, forwarded: proxy.forwarded };
      } finally {
        await proxy.close();
      }
    };

    const created = await lossy((client) => client.apiKeys.create({ name: "lost-answer", scopes: ["READ"] }));
    expect(created.forwarded).toBe(2);
    expect(await prisma.apiKey.count({ where: { tenantId } })).toBe(keysBefore + 1);
    expect((await new Parley({ apiKey: created.result.key, baseURL: gateway.url }).viewer()).scopes).toEqual(["READ"]);

    const tsv = Array.from({ length: 300 }, (_, index) => `sentence ${index} here\tphrase ${index} ici`).join("\n");
    const uploaded = await lossy((client) => client.datasets.upload({ file: tsv, name: "lost-answer", sourceLanguage: "en", targetLanguage: "fr" }));
    expect(uploaded.forwarded).toBe(2);
    expect(await prisma.dataset.count({ where: { tenantId } })).toBe(1);

    const direct = new Parley({ apiKey: key, baseURL: gateway.url });
    await direct.models.create({ name: "lost-answer", sourceLanguage: "en", targetLanguage: "fr" });
    const job = await lossy((client) => client.trainingJobs.create({ model: "lost-answer", dataset: uploaded.result.id, preset: "tiny", maxMinutes: 1 }));
    expect(job.forwarded).toBe(2);
    expect(await prisma.trainingJob.count({ where: { tenantId } })).toBe(1);
    expect((await prisma.trainingJob.findFirstOrThrow({ where: { tenantId } })).id).toBe(job.result.id);
  });
});
