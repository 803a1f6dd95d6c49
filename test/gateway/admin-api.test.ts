import { describe, expect, it } from "vitest";
import { errorCode, graphql } from "../support/gateway.js";
import { useTestGateway } from "../support/use-test-gateway.js";
import { ledgerSettled } from "../support/ledger.js";

describe("admin API", () => {
  const gateway = useTestGateway({ tinyModel: true });
  const admin = (query: string, variables: Record<string, unknown> = {}) => graphql(gateway.graphqlUrl, query, variables, gateway.adminKey);

  it("creates tenants, updates their limits and pages through them newest first", async () => {
    const names = ["acme", "globex", "initech"];
    for (const name of names) {
      const created = await admin(`mutation C($name: String!) { createTenant(input: { name: $name, monthlyCharacterQuota: 1000, maxBatchSize: 8 }) { id name limits { monthlyCharacterQuota maxBatchSize requestsPerMinute } } }`, { name });
      expect(created.errors).toBeUndefined();
      expect(created.data?.createTenant.limits).toEqual({ monthlyCharacterQuota: 1000, maxBatchSize: 8, requestsPerMinute: 600 });
    }
    expect(errorCode(await admin(`mutation { createTenant(input: { name: "acme" }) { id } }`))).toBe("CONFLICT");
    expect(errorCode(await admin(`mutation { createTenant(input: { name: "Bad Name!" }) { id } }`))).toBe("BAD_USER_INPUT");
    expect(errorCode(await admin(`mutation { createTenant(input: { name: "neg", maxBatchSize: 0 }) { id } }`))).toBe("BAD_USER_INPUT");

    const first = await admin(`{ tenants(first: 2) { totalCount nodes { name } pageInfo { hasNextPage endCursor } } }`);
    expect(first.data?.tenants.totalCount).toBe(4); // three + the system tenant "admin"
    expect(first.data?.tenants.nodes.map((t: { name: string }) => t.name)).toEqual(["initech", "globex"]);
    expect(first.data?.tenants.pageInfo.hasNextPage).toBe(true);
    const second = await admin(`query P($after: String) { tenants(first: 2, after: $after) { nodes { name } pageInfo { hasNextPage } } }`, {
      after: first.data?.tenants.pageInfo.endCursor,
    });
    expect(second.data?.tenants.nodes.map((t: { name: string }) => t.name)).toEqual(["acme", "admin"]);
    expect(second.data?.tenants.pageInfo.hasNextPage).toBe(false);

    const acme = await gateway.db.prisma.tenant.findUniqueOrThrow({ where: { name: "acme" } });
    const updated = await admin(`mutation U($id: ID!) { updateTenantLimits(input: { tenantId: $id, monthlyCharacterQuota: 5000000000, requestsPerMinute: 5 }) { limits { monthlyCharacterQuota requestsPerMinute maxBatchSize } quota { limit used remaining } } }`, { id: acme.id });
    expect(updated.data?.updateTenantLimits.limits).toEqual({ monthlyCharacterQuota: 5_000_000_000, requestsPerMinute: 5, maxBatchSize: 8 });
    expect(updated.data?.updateTenantLimits.quota).toEqual({ limit: 5_000_000_000, used: 0, remaining: 5_000_000_000 });
    expect(errorCode(await admin(`mutation { updateTenantLimits(input: { tenantId: "00000000-0000-0000-0000-000000000000", requestsPerMinute: 5 }) { id } }`))).toBe("NOT_FOUND");
  });

  it("issues keys shown once and stored hashed; tenants mint only weaker keys; revoked keys stop working", async () => {
    const tenant = await admin(`mutation { createTenant(input: { name: "keys-co" }) { id } }`);
    const tenantId = tenant.data?.createTenant.id as string;
    const issued = await admin(`mutation K($tenantId: ID!) { createApiKey(input: { tenantId: $tenantId, name: "ci", scopes: [TRANSLATE, READ, KEYS] }) { key apiKey { id prefix scopes } } }`, { tenantId });
    const key = issued.data?.createApiKey.key as string;
    expect(key).toMatch(/^pk_[A-Za-z0-9_-]{43}$/);
    expect(key.startsWith(issued.data?.createApiKey.apiKey.prefix)).toBe(true);
    const stored = await gateway.db.prisma.apiKey.findUniqueOrThrow({ where: { id: issued.data?.createApiKey.apiKey.id } });
    expect(JSON.stringify(stored)).not.toContain(key);

    const own = await graphql(gateway.graphqlUrl, `mutation { createApiKey(input: { name: "sub", scopes: [READ] }) { key apiKey { id } } }`, {}, key);
    expect(own.errors).toBeUndefined();
    const escalate = await graphql(gateway.graphqlUrl, `mutation { createApiKey(input: { name: "root", scopes: [ADMIN] }) { key } }`, {}, key);
    expect(errorCode(escalate)).toBe("FORBIDDEN");

    const listed = await graphql(gateway.graphqlUrl, `{ apiKeys { name scopes } }`, {}, key);
    expect(listed.data?.apiKeys.map((k: { name: string }) => k.name).sort()).toEqual(["ci", "sub"]);
    const adminListed = await admin(`query L($tenantId: ID!) { apiKeys(tenantId: $tenantId) { name } }`, { tenantId });
    expect(adminListed.data?.apiKeys).toHaveLength(2);

    const subKey = own.data?.createApiKey.key as string;
    const revoked = await graphql(gateway.graphqlUrl, `mutation R($id: ID!) { revokeApiKey(id: $id) { revokedAt } }`, { id: own.data?.createApiKey.apiKey.id }, key);
    expect(revoked.data?.revokeApiKey.revokedAt).toBeTruthy();
    expect(errorCode(await graphql(gateway.graphqlUrl, `{ viewer { scopes } }`, {}, subKey))).toBe("UNAUTHENTICATED");
  });

  it("reports usage grouped by day, model and key, with totals equal to the sum of groups", async () => {
    const { tenantId, key } = await gateway.createTenantWithKey();
    await gateway.publishTinyModel("second-model");
    for (const [model, texts] of [["tiny-en-fr", ["hello world"]], ["tiny-en-fr", ["the cat", "red"]], ["second-model", ["dog"]]] as const) {
      const response = await graphql(gateway.graphqlUrl, `mutation T($input: TranslateInput!) { translate(input: $input) { replayed } }`, { input: { model, texts } }, key);
      expect(response.errors).toBeUndefined();
    }
    await ledgerSettled(gateway.db.prisma, tenantId);
    const from = new Date(Date.now() - 24 * 3600 * 1000).toISOString();
    const to = new Date(Date.now() + 24 * 3600 * 1000).toISOString();
    const query = `query U($from: DateTime!, $to: DateTime!, $groupBy: UsageGroupBy!, $tenantId: ID) {
      usage(from: $from, to: $to, groupBy: $groupBy, tenantId: $tenantId) { groups { key requests billedCharacters inputCharacters } totals { requests billedCharacters inputCharacters outputCharacters } }
    }`;
    for (const groupBy of ["DAY", "MODEL", "API_KEY"]) {
      const report = await graphql(gateway.graphqlUrl, query, { from, to, groupBy }, key);
      expect(report.errors).toBeUndefined();
      const { groups, totals } = report.data!.usage;
      expect(totals.requests).toBe(3);
      expect(totals.billedCharacters).toBe(11 + 7 + 3 + 3);
      expect(groups.reduce((sum: number, g: { billedCharacters: number }) => sum + g.billedCharacters, 0)).toBe(totals.billedCharacters);
      expect(groups.reduce((sum: number, g: { requests: number }) => sum + g.requests, 0)).toBe(totals.requests);
      if (groupBy === "MODEL") expect(groups.map((g: { key: string }) => g.key)).toEqual(["second-model", "tiny-en-fr"]);
    }
    const asAdmin = await admin(query, { from, to, groupBy: "DAY", tenantId });
    expect(asAdmin.data?.usage.totals.requests).toBe(3);
  });
});
