import { beforeAll, describe, expect, it } from "vitest";
import { generateApiKey, hashApiKey, keyPrefix } from "@parley/server";
import { errorCode, graphql } from "../support/gateway.js";
import { useTestGateway } from "../support/use-test-gateway.js";

const TRANSLATE = `mutation T($input: TranslateInput!) { translate(input: $input) { translations { text } } }`;
const VIEWER = `{ viewer { tenant { id } scopes } }`;

describe("authentication, scopes and input limits", () => {
  const gateway = useTestGateway({ tinyModel: true });
  let tenantId: string;
  let key: string;

  /** Rows that a refused request must not have created. */
  const snapshot = async () => {
    const prisma = gateway.db.prisma;
    const [records, counters, tenants, keys, revokedKeys] = await Promise.all([
      prisma.usageRecord.count(),
      prisma.usageCounter.findMany(),
      prisma.tenant.count(),
      prisma.apiKey.count(),
      prisma.apiKey.count({ where: { revokedAt: { not: null } } }),
    ]);
    return { records, counters: counters.map((c) => `${c.tenantId}:${c.characters}:${c.requests}`), tenants, keys, revokedKeys };
  };
  const keyIdOf = async (secret: string) => (await gateway.db.prisma.apiKey.findFirstOrThrow({ where: { prefix: keyPrefix(secret) } })).id;
  const translate = (texts: string[], withKey: string | undefined = key) =>
    graphql(gateway.graphqlUrl, TRANSLATE, { input: { model: "tiny-en-fr", texts } }, withKey);

  beforeAll(async () => {
    ({ tenantId, key } = await gateway.createTenantWithKey({ maxBatchSize: 4, maxTextLength: 10 }));
  });

  const storeKey = async (data: { revokedAt?: Date; expiresAt?: Date; scopes?: ("TRANSLATE" | "READ" | "TRAIN")[] }) => {
    const fresh = generateApiKey();
    await gateway.db.prisma.apiKey.create({
      data: { tenantId, name: "k", prefix: keyPrefix(fresh), hash: hashApiKey(fresh), scopes: data.scopes ?? ["TRANSLATE"], ...data },
    });
    return fresh;
  };

  it("refuses missing, malformed, unknown, revoked and expired keys with 401 and changes nothing", async () => {
    const revoked = await storeKey({ revokedAt: new Date() });
    const expired = await storeKey({ expiresAt: new Date(Date.now() - 1000) });
    const before = await snapshot();
    const attempts = [
      await graphql(gateway.graphqlUrl, TRANSLATE, { input: { model: "tiny-en-fr", texts: ["hello"] } }),
      await graphql(gateway.graphqlUrl, TRANSLATE, { input: { model: "tiny-en-fr", texts: ["hello"] } }, undefined, { authorization: "Basic abc" }),
      await translate(["hello"], "not-a-key"),
      await translate(["hello"], generateApiKey()),
      await translate(["hello"], `${key.slice(0, -2)}xx`),
      await translate(["hello"], revoked),
      await translate(["hello"], expired),
    ];
    for (const response of attempts) {
      expect(response.status).toBe(401);
      expect(errorCode(response)).toBe("UNAUTHENTICATED");
      expect(response.data?.translate ?? null).toBeNull();
    }
    expect(await snapshot()).toEqual(before);
  });

  it("accepts a valid key and records its use", async () => {
    const response = await graphql(gateway.graphqlUrl, VIEWER, {}, key);
    expect(response.data?.viewer.tenant.id).toBe(tenantId);
    await expect.poll(async () => (await gateway.db.prisma.apiKey.findFirst({ where: { prefix: keyPrefix(key) } }))?.lastUsedAt).toBeTruthy();
  });

  it("refuses operations outside the key's scopes with 403", async () => {
    const readOnly = await storeKey({ scopes: ["READ"] });
    const translateOnly = await storeKey({ scopes: ["TRANSLATE"] });
    const before = await snapshot();
    const denied = [
      await translate(["hello"], readOnly),
      await graphql(gateway.graphqlUrl, `{ usage(from: "2020-01-01T00:00:00Z", to: "2020-02-01T00:00:00Z", groupBy: DAY) { totals { requests } } }`, {}, translateOnly),
      await graphql(gateway.graphqlUrl, `{ tenants { totalCount } }`, {}, readOnly),
      await graphql(gateway.graphqlUrl, `mutation { createTenant(input: { name: "evil" }) { id } }`, {}, translateOnly),
      await graphql(gateway.graphqlUrl, `mutation { createApiKey(input: { name: "x", scopes: [ADMIN] }) { key } }`, {}, readOnly),
      await graphql(gateway.graphqlUrl, `mutation { createApiKey(input: { name: "x", scopes: [TRAIN] }) { key } }`, {}, translateOnly),
      // Managing keys takes KEYS: a leaked TRANSLATE key cannot mint keys (even of its own scopes) nor retire others.
      await graphql(gateway.graphqlUrl, `mutation { createApiKey(input: { name: "x", scopes: [TRANSLATE] }) { key } }`, {}, translateOnly),
      await graphql(gateway.graphqlUrl, `mutation R($id: ID!) { revokeApiKey(id: $id) { id } }`, { id: await keyIdOf(readOnly) }, translateOnly),
      await graphql(gateway.graphqlUrl, `mutation R($id: ID!) { rotateApiKey(id: $id, expiresInSeconds: 60) { key } }`, { id: await keyIdOf(translateOnly) }, translateOnly),
    ];
    for (const response of denied) {
      expect(errorCode(response)).toBe("FORBIDDEN");
      expect(response.status).toBe(403);
    }
    expect(await snapshot()).toEqual(before);
  });

  it("refuses empty and oversize batches and oversize texts with 400 before billing", async () => {
    const before = await snapshot();
    for (const texts of [[], ["a", "b", "c", "d", "e"], ["hello", "eleven char"], ["😀".repeat(11)]]) {
      const response = await translate(texts);
      expect(errorCode(response)).toBe("BAD_USER_INPUT");
      expect(response.status).toBe(400);
    }
    expect(await snapshot()).toEqual(before);
  });

  it("counts code points, not UTF-16 units: 10 emoji or CJK characters fit a 10-character limit", async () => {
    const emoji = "😀".repeat(10); // 20 UTF-16 units
    const cjk = "你好世界你好世界你好"; // 10 code points
    const response = await graphql(
      gateway.graphqlUrl,
      `mutation T($input: TranslateInput!) { translate(input: $input) { translations { inputCharacters } usage { billedCharacters } } }`,
      { input: { model: "tiny-en-fr", texts: [emoji, cjk, "e\u0301"] } },
      key,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!.translate.translations.map((t: { inputCharacters: number }) => t.inputCharacters)).toEqual([10, 10, 2]);
    expect(response.data!.translate.usage.billedCharacters).toBe(22);
  });

  it("refuses deep, alias-heavy and token-heavy queries before they run", async () => {
    const before = await snapshot();
    const deep = `{ viewer { tenant { quota { limit } limits { maxBatchSize } } apiKey { id } } models { nodes { versions { metrics { bleu } } labels { name } } } }`;
    expect((await graphql(gateway.graphqlUrl, deep, {}, key)).errors).toBeUndefined();
    let nested = "id";
    for (let depth = 0; depth < 6; depth += 1) nested = `apiKeys { tenant { ${nested} } }`;
    const tooDeep = `{ viewer { tenant { ${nested} } } }`;
    // The same nesting spelled through fragments counts the same.
    const fragments = Array.from({ length: 6 }, (_, i) => `fragment F${i + 1} on Tenant { apiKeys { tenant { ${i === 0 ? "id" : `...F${i}`} } } }`);
    const tooDeepThroughFragments = `{ viewer { tenant { ...F6 } } } ${fragments.join(" ")}`;
    const aliases = `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: viewer { scopes }`).join(" ")} }`;
    const manyTranslates = `mutation { ${Array.from({ length: 20 }, (_, i) => `t${i}: translate(input: { model: "tiny-en-fr", texts: ["hello"] }) { replayed }`).join(" ")} }`;
    const tokens = `{ viewer { ${"scopes ".repeat(3000)} } }`;
    for (const query of [tooDeep, tooDeepThroughFragments, aliases, manyTranslates, tokens]) {
      const response = await graphql(gateway.graphqlUrl, query, {}, key);
      expect(response.status).toBe(400);
      expect(["GRAPHQL_VALIDATION_FAILED", "GRAPHQL_PARSE_FAILED"]).toContain(errorCode(response));
      expect(response.data ?? null).toBeNull();
    }
    expect(await snapshot()).toEqual(before);
  });
});
