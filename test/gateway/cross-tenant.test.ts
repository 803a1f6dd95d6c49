import { beforeAll, describe, expect, it } from "vitest";
import { errorCode, graphql, type GraphQLResponse } from "../support/gateway.js";
import { useTestGateway } from "../support/use-test-gateway.js";

/**
 * Tenant B, with every non-admin scope, names tenant A's ids and names in every
 * query and mutation: it gets nothing, NOT_FOUND or FORBIDDEN, never A's data.
 */
describe("cross-tenant isolation", () => {
  const gateway = useTestGateway();
  let a: { tenantId: string; key: string };
  let b: { tenantId: string; key: string };
  let aKeyId: string;

  beforeAll(async () => {
    await gateway.publishTinyModel("shared-public");
    a = await gateway.createTenantWithKey({}, ["TRANSLATE", "READ", "TRAIN", "KEYS"]);
    b = await gateway.createTenantWithKey({}, ["TRANSLATE", "READ", "TRAIN", "KEYS"]);
    await gateway.publishTinyModel("a-private", { ownerTenantId: a.tenantId });
    const translated = await graphql(
      gateway.graphqlUrl,
      `mutation { translate(input: { model: "a-private", texts: ["hello"], idempotencyKey: "a-secret" }) { replayed } }`,
      {},
      a.key,
    );
    expect(translated.errors).toBeUndefined();
    aKeyId = (await gateway.db.prisma.apiKey.findFirstOrThrow({ where: { tenantId: a.tenantId } })).id;
  });

  const asB = (query: string, variables: Record<string, unknown> = {}) => graphql(gateway.graphqlUrl, query, variables, b.key);
  const leaks = (response: GraphQLResponse<unknown>) =>
    [a.tenantId, aKeyId].some((id) => JSON.stringify(response.data ?? null).includes(id));

  it("queries with A's ids return null, empty or FORBIDDEN", async () => {
    const day = 24 * 3600 * 1000;
    const range = `from: "${new Date(Date.now() - 30 * day).toISOString()}", to: "${new Date(Date.now() + day).toISOString()}"`;
    const cases: [string, (response: GraphQLResponse) => void][] = [
      [`{ tenant(id: "${a.tenantId}") { id name } }`, (r) => expect(r.data?.tenant).toBeNull()],
      [`{ apiKeys(tenantId: "${a.tenantId}") { id } }`, (r) => expect(errorCode(r)).toBe("FORBIDDEN")],
      [`{ usage(${range}, groupBy: MODEL, tenantId: "${a.tenantId}") { totals { requests } } }`, (r) => expect(errorCode(r)).toBe("FORBIDDEN")],
      [`{ tenants { nodes { id } } }`, (r) => expect(errorCode(r)).toBe("FORBIDDEN")],
      [`{ model(name: "a-private") { id } }`, (r) => expect(r.data?.model).toBeNull()],
      [`{ models { nodes { name } } }`, (r) => expect(r.data?.models.nodes.map((m: { name: string }) => m.name)).toEqual(["shared-public"])],
      [`{ usage(${range}, groupBy: API_KEY) { totals { requests } groups { key } } }`, (r) => expect(r.data?.usage.totals.requests).toBe(0)],
      [`{ viewer { tenant { id apiKeys { id } } } }`, (r) => expect(r.data?.viewer.tenant.id).toBe(b.tenantId)],
    ];
    for (const [query, check] of cases) {
      const response = await asB(query);
      check(response);
      expect(leaks(response)).toBe(false);
    }
  });

  it("mutations on A's resources are refused and change nothing", async () => {
    const before = await gateway.db.prisma.apiKey.findUniqueOrThrow({ where: { id: aKeyId } });
    const recordsBefore = await gateway.db.prisma.usageRecord.count({ where: { tenantId: a.tenantId } });
    const cases: [string, string][] = [
      [`mutation { revokeApiKey(id: "${aKeyId}") { id } }`, "NOT_FOUND"],
      [`mutation { createApiKey(input: { tenantId: "${a.tenantId}", name: "x", scopes: [READ] }) { key } }`, "FORBIDDEN"],
      [`mutation { updateTenantLimits(input: { tenantId: "${a.tenantId}", monthlyCharacterQuota: 1 }) { id } }`, "FORBIDDEN"],
      [`mutation { createTenant(input: { name: "b-made" }) { id } }`, "FORBIDDEN"],
      [`mutation { createModel(input: { name: "x", sourceLanguage: "en", targetLanguage: "fr", public: true }) { id } }`, "FORBIDDEN"],
      [`mutation { translate(input: { model: "a-private", texts: ["hello"] }) { replayed } }`, "NOT_FOUND"],
    ];
    for (const [query, code] of cases) {
      const response = await asB(query);
      expect(errorCode(response)).toBe(code);
      expect(leaks(response)).toBe(false);
    }
    expect(await gateway.db.prisma.apiKey.findUniqueOrThrow({ where: { id: aKeyId } })).toEqual(before);
    expect(await gateway.db.prisma.usageRecord.count({ where: { tenantId: a.tenantId } })).toBe(recordsBefore);
    expect(await gateway.db.prisma.tenant.findFirst({ where: { name: "b-made" } })).toBeNull();
  });

  it("an idempotency key is scoped to its tenant: B reusing A's key gets its own translation, not A's", async () => {
    const response = await asB(
      `mutation { translate(input: { model: "shared-public", texts: ["the cat"], idempotencyKey: "a-secret" }) { replayed modelVersion { id } } }`,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data?.translate.replayed).toBe(false);
  });

  it("A's own private model shadows nothing for B, and A still sees it", async () => {
    const response = await graphql(gateway.graphqlUrl, `{ model(name: "a-private") { visibility } }`, {}, a.key);
    expect(response.data?.model.visibility).toBe("PRIVATE");
  });
});
