import { describe, expect, it } from "vitest";
import { Parley } from "@parley/sdk";
import { errorCode, graphql } from "../support/gateway.js";
import { useTestGateway } from "../support/use-test-gateway.js";

const CREATE = `mutation C($input: CreateApiKeyInput!) { createApiKey(input: $input) { key apiKey { id prefix } } }`;
const ROTATE = `mutation R($id: ID!, $expiresInSeconds: Int) {
  rotateApiKey(id: $id, expiresInSeconds: $expiresInSeconds) {
    key
    apiKey { id name prefix scopes expiresAt revokedAt replacedBy { id } }
    previous { id prefix revokedAt expiresAt replacedBy { id prefix } }
  }
}`;
const VIEWER = `{ viewer { apiKey { id } } }`;

// rotateApiKey through real HTTP: one transaction makes the new key and retires the old one, tenant-scoped,
// idempotent under retries, and the old secret stops working at once (or after the grace period asked for).
describe("rotateApiKey", () => {
  const gateway = useTestGateway();
  const api = (key: string, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
    graphql(gateway.graphqlUrl, query, variables, key, headers);

  async function tenantWithKeyToRotate(scopes = ["READ", "TRANSLATE"]) {
    const tenant = await gateway.createTenantWithKey({}, ["READ", "TRANSLATE", "TRAIN", "KEYS"]);
    const expiresAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const created = await api(tenant.key, CREATE, { input: { name: "ci", scopes, expiresAt } });
    expect(created.errors).toBeUndefined();
    return { ...tenant, old: created.data!.createApiKey as { key: string; apiKey: { id: string; prefix: string } }, expiresAt };
  }

  it("makes a new key with the same name, scopes and expiry and revokes the old one in the same call", async () => {
    const { key, old, expiresAt, tenantId } = await tenantWithKeyToRotate();
    expect(errorCode(await api(old.key, VIEWER))).toBeUndefined();
    const rotated = await api(key, ROTATE, { id: old.apiKey.id });
    expect(rotated.errors).toBeUndefined();
    const { key: secret, apiKey, previous } = rotated.data!.rotateApiKey;
    expect(secret).toMatch(/^pk_/);
    expect(secret).not.toBe(old.key);
    expect(apiKey).toMatchObject({ name: "ci", scopes: ["READ", "TRANSLATE"], expiresAt, revokedAt: null, replacedBy: null });
    expect(previous).toMatchObject({ id: old.apiKey.id, replacedBy: { id: apiKey.id, prefix: apiKey.prefix } });
    expect(previous.revokedAt).toBeTruthy();
    // The old secret is refused right after; the new one works.
    expect(errorCode(await api(old.key, VIEWER))).toBe("UNAUTHENTICATED");
    expect((await api(secret, VIEWER)).data?.viewer.apiKey.id).toBe(apiKey.id);
    expect(await gateway.db.prisma.apiKey.count({ where: { tenantId, name: "ci" } })).toBe(2);
    // Once rotated, never again; and a revoked key is not rotated.
    expect(errorCode(await api(key, ROTATE, { id: old.apiKey.id }))).toBe("BAD_USER_INPUT");
  });

  it("answers NOT_FOUND for another tenant's key and FORBIDDEN for a key with scopes the caller lacks", async () => {
    const { old, tenantId } = await tenantWithKeyToRotate();
    const other = await gateway.createTenantWithKey({}, ["READ", "TRANSLATE", "TRAIN", "KEYS"]);
    expect(errorCode(await api(other.key, ROTATE, { id: old.apiKey.id }))).toBe("NOT_FOUND");
    expect(errorCode(await api(other.key, ROTATE, { id: "not-a-uuid" }))).toBe("NOT_FOUND");
    const readOnly = await gateway.db.prisma.apiKey.findFirstOrThrow({ where: { tenantId, name: "test" } });
    const weak = await api((await tenantKey(tenantId, ["READ", "KEYS"])), ROTATE, { id: readOnly.id });
    expect(errorCode(weak)).toBe("FORBIDDEN");
    expect(errorCode(await api(old.key, VIEWER))).toBeUndefined(); // nothing happened to it
    // Admins rotate any tenant's key.
    const byAdmin = await api(gateway.adminKey, ROTATE, { id: old.apiKey.id });
    expect(byAdmin.errors).toBeUndefined();
    expect(errorCode(await api(old.key, VIEWER))).toBe("UNAUTHENTICATED");
  });

  /** A second key of the tenant with `scopes`, made by an admin. */
  async function tenantKey(tenantId: string, scopes: string[]): Promise<string> {
    const made = await api(gateway.adminKey, CREATE, { input: { tenantId, name: "weak", scopes } });
    return made.data!.createApiKey.key as string;
  }

  it("rotates once when retried with the same Idempotency-Key, answering the same secret", async () => {
    const { key, old, tenantId } = await tenantWithKeyToRotate();
    const headers = { "Idempotency-Key": `rotate-${old.apiKey.id}` };
    const first = await api(key, ROTATE, { id: old.apiKey.id }, headers);
    const retried = await api(key, ROTATE, { id: old.apiKey.id }, headers);
    expect(first.errors).toBeUndefined();
    expect(retried.data).toEqual(first.data);
    expect(await gateway.db.prisma.apiKey.count({ where: { tenantId, name: "ci" } })).toBe(2);
    // Without the key, a second rotation is refused rather than making a third key.
    expect(errorCode(await api(key, ROTATE, { id: old.apiKey.id }))).toBe("BAD_USER_INPUT");
  });

  it("lets concurrent rotations make one key", async () => {
    const { key, old, tenantId } = await tenantWithKeyToRotate();
    const results = await Promise.all([1, 2, 3].map(() => api(key, ROTATE, { id: old.apiKey.id, expiresInSeconds: 60 })));
    expect(results.filter((result) => result.errors === undefined)).toHaveLength(1);
    expect(results.filter((result) => errorCode(result) === "CONFLICT").length).toBe(2);
    expect(await gateway.db.prisma.apiKey.count({ where: { tenantId, name: "ci" } })).toBe(2);
  });

  it("keeps the old key working for a grace period when asked, and a key rotating itself needs one", async () => {
    const { key, old } = await tenantWithKeyToRotate();
    const started = Date.now();
    const rotated = await api(key, ROTATE, { id: old.apiKey.id, expiresInSeconds: 3600 });
    expect(rotated.errors).toBeUndefined();
    const { previous } = rotated.data!.rotateApiKey;
    expect(previous.revokedAt).toBeNull();
    expect(Date.parse(previous.expiresAt) - started).toBeGreaterThan(3590_000);
    expect(Date.parse(previous.expiresAt) - started).toBeLessThan(3610_000);
    expect(errorCode(await api(old.key, VIEWER))).toBeUndefined();
    expect(errorCode(await api(key, ROTATE, { id: old.apiKey.id, expiresInSeconds: 604_801 }))).toBe("BAD_USER_INPUT");

    // A key rotating itself: refused without a grace period, then through the SDK with one.
    const self = (await api(key, VIEWER)).data!.viewer.apiKey.id as string;
    expect(errorCode(await api(key, ROTATE, { id: self }))).toBe("BAD_USER_INPUT");
    const client = new Parley({ apiKey: key, baseURL: gateway.url, maxRetries: 0 });
    const own = await client.apiKeys.rotate(self, { expiresInSeconds: 60 });
    expect(own.previous).toMatchObject({ id: self, revokedAt: null, replacedBy: { id: own.apiKey.id } });
    expect(errorCode(await api(key, VIEWER))).toBeUndefined(); // still working for a minute
    expect((await new Parley({ apiKey: own.key, baseURL: gateway.url }).viewer()).apiKey.id).toBe(own.apiKey.id);
  });
});
