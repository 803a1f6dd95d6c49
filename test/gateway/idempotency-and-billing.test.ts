import { beforeAll, describe, expect, it } from "vitest";
import { errorCode, graphql } from "../support/gateway.js";
import { ledgerSettled } from "../support/ledger.js";
import { useTestGateway } from "../support/use-test-gateway.js";

const TRANSLATE = `mutation T($input: TranslateInput!) {
  translate(input: $input) { translations { text } modelVersion { id } usage { billedCharacters } replayed }
}`;

describe("idempotency and billing", () => {
  const gateway = useTestGateway({ tinyModel: true });
  beforeAll(async () => {
    await gateway.publishTinyModel("broken", { artifactPath: "/nonexistent/parley-artifact" });
  });

  const translate = (key: string, input: Record<string, unknown>) =>
    graphql(gateway.graphqlUrl, TRANSLATE, { input: { model: "tiny-en-fr", ...input } }, key);
  const billed = async (tenantId: string) => {
    await ledgerSettled(gateway.db.prisma, tenantId);
    const counter = await gateway.db.prisma.usageCounter.findFirst({ where: { tenantId } });
    const ledger = await gateway.db.prisma.usageRecord.aggregate({
      where: { tenantId, status: "SUCCEEDED" },
      _sum: { inputCharacters: true },
      _count: true,
    });
    return { counter: Number(counter?.characters ?? 0), ledger: ledger._sum.inputCharacters ?? 0, rows: ledger._count };
  };

  it("a sequential retry with the same key replays the first result and bills once", async () => {
    const { tenantId, key } = await gateway.createTenantWithKey();
    const input = { texts: ["hello world"], idempotencyKey: "order-1" };
    const first = await translate(key, input);
    const second = await translate(key, input);
    expect(first.data?.translate.replayed).toBe(false);
    expect(second.data?.translate.replayed).toBe(true);
    expect(second.data?.translate.translations).toEqual(first.data?.translate.translations);
    expect(second.data?.translate.modelVersion).toEqual(first.data?.translate.modelVersion);
    expect(await billed(tenantId)).toEqual({ counter: 11, ledger: 11, rows: 1 });
  });

  it("concurrent duplicates are billed once and all get the first's result", async () => {
    const { tenantId, key } = await gateway.createTenantWithKey({ maxConcurrentRequests: 50 });
    const input = { texts: ["the red house", "thank you"], idempotencyKey: "order-2" };
    const responses = await Promise.all(Array.from({ length: 20 }, () => translate(key, input)));
    for (const response of responses) expect(response.errors).toBeUndefined();
    expect(responses.filter((response) => !response.data?.translate.replayed)).toHaveLength(1);
    const texts = new Set(responses.map((response) => JSON.stringify(response.data?.translate.translations)));
    expect(texts.size).toBe(1);
    expect(await billed(tenantId)).toEqual({ counter: 22, ledger: 22, rows: 1 });
  });

  it("refuses an idempotency key reused for a different request with CONFLICT", async () => {
    const { key } = await gateway.createTenantWithKey();
    await translate(key, { texts: ["hello"], idempotencyKey: "order-3" });
    const reused = await translate(key, { texts: ["something else"], idempotencyKey: "order-3" });
    expect(errorCode(reused)).toBe("CONFLICT");
    expect(reused.status).toBe(409);
  });

  it("a retry replays the first result once the tenant is over its quota, or the model's version was archived", async () => {
    // The key is found by the reservation itself: a retry refused before it reserves must still replay.
    const { tenantId, key } = await gateway.createTenantWithKey();
    const { versionId } = await gateway.publishTinyModel(`replayed-${tenantId}`, { ownerTenantId: tenantId });
    const input = { model: `replayed-${tenantId}`, texts: ["hello world"] };
    const first = await translate(key, { ...input, idempotencyKey: "order-q" });
    expect(first.data?.translate.replayed).toBe(false);
    await ledgerSettled(gateway.db.prisma, tenantId);

    await gateway.db.prisma.tenant.update({ where: { id: tenantId }, data: { monthlyCharacterQuota: 11 } });
    expect(errorCode(await translate(key, { ...input, idempotencyKey: "order-q2" }))).toBe("QUOTA_EXCEEDED");
    const overQuota = await translate(key, { ...input, idempotencyKey: "order-q" });
    expect(overQuota.errors).toBeUndefined();
    expect(overQuota.data?.translate).toEqual({ ...first.data?.translate, replayed: true });

    await gateway.db.prisma.modelVersion.update({ where: { id: versionId }, data: { status: "ARCHIVED" } });
    expect(errorCode(await translate(key, { ...input, idempotencyKey: "order-q3" }))).not.toBeUndefined();
    const archived = await translate(key, { ...input, idempotencyKey: "order-q" });
    expect(archived.errors).toBeUndefined();
    expect(archived.data?.translate).toEqual({ ...first.data?.translate, replayed: true });
    expect(await billed(tenantId)).toEqual({ counter: 11, ledger: 11, rows: 1 });
  });

  it("a failed translation bills nothing and frees its idempotency key", async () => {
    const { tenantId, key } = await gateway.createTenantWithKey();
    const failed = await graphql(
      gateway.graphqlUrl,
      TRANSLATE,
      { input: { model: "broken", texts: ["hello"], idempotencyKey: "order-4" } },
      key,
    );
    expect(errorCode(failed)).toBe("INTERNAL_SERVER_ERROR");
    expect(failed.status).toBe(500);
    expect(failed.errors?.[0]?.message).not.toMatch(/nonexistent|ENOENT|at /);
    expect(await billed(tenantId)).toEqual({ counter: 0, ledger: 0, rows: 0 });
    const failedRow = await gateway.db.prisma.usageRecord.findFirstOrThrow({ where: { tenantId } });
    expect(failedRow.status).toBe("FAILED");
    const counter = await gateway.db.prisma.usageCounter.findFirstOrThrow({ where: { tenantId } });
    expect(counter.requests).toBe(0);

    const retried = await translate(key, { texts: ["hello"], idempotencyKey: "order-4" });
    expect(retried.errors).toBeUndefined();
    expect(retried.data?.translate.replayed).toBe(false);
    expect(await billed(tenantId)).toEqual({ counter: 5, ledger: 5, rows: 1 });
  });

  it("keeps batch order and answers deterministically", async () => {
    const { key } = await gateway.createTenantWithKey();
    const texts = ["hello", "the cat", "red dog", "world"];
    const textsOf = (response: Awaited<ReturnType<typeof translate>>): string[] =>
      response.data?.translate.translations.map((t: { text: string }) => t.text);
    const forward = textsOf(await translate(key, { texts }));
    const backward = textsOf(await translate(key, { texts: [...texts].reverse() }));
    // A real model's outputs differ per text, so position i must hold text i's own translation: the one it gets alone.
    expect(new Set(forward).size).toBe(texts.length);
    const alone = await Promise.all(texts.map(async (text) => textsOf(await translate(key, { texts: [text] }))[0]));
    expect(forward).toEqual(alone);
    expect(backward).toEqual([...alone].reverse());
  });
});
