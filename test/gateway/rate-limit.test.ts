import { describe, expect, it } from "vitest";
import { errorCode, graphql } from "../support/gateway.js";
import { useTestGateway } from "../support/use-test-gateway.js";

const TRANSLATE = `mutation T($input: TranslateInput!) { translate(input: $input) { replayed } }`;

describe("per-key rate limit and per-tenant concurrency", () => {
  const gateway = useTestGateway({ tinyModel: true });

  it("answers 429 RATE_LIMITED with Retry-After and x-ratelimit headers past the limit, and bills nothing for it", async () => {
    const { tenantId, key } = await gateway.createTenantWithKey({ requestsPerMinute: 3 });
    const send = () => graphql(gateway.graphqlUrl, TRANSLATE, { input: { model: "tiny-en-fr", texts: ["hello"] } }, key);
    const allowed = [await send(), await send(), await send()];
    expect(allowed.map((r) => r.headers.get("x-ratelimit-remaining"))).toEqual(["2", "1", "0"]);
    for (const response of allowed) {
      expect(response.errors).toBeUndefined();
      expect(response.headers.get("x-ratelimit-limit")).toBe("3");
      expect(Number(response.headers.get("x-ratelimit-reset"))).toBeGreaterThan(0);
    }
    const limited = await send();
    expect(limited.status).toBe(429);
    expect(errorCode(limited)).toBe("RATE_LIMITED");
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limited.errors?.[0]?.extensions?.retryAfter).toBe(retryAfter);
    expect(limited.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(await gateway.db.prisma.usageRecord.count({ where: { tenantId } })).toBe(3);

    // Other operations of the same key count against the same window.
    const viewer = await graphql(gateway.graphqlUrl, `{ viewer { scopes } }`, {}, key);
    expect(errorCode(viewer)).toBe("RATE_LIMITED");
  });

  it("keys are limited separately, and a raised limit applies to the next request", async () => {
    const { tenantId, key } = await gateway.createTenantWithKey({ requestsPerMinute: 1 });
    const send = () => graphql(gateway.graphqlUrl, `{ viewer { scopes } }`, {}, key);
    expect((await send()).errors).toBeUndefined();
    expect(errorCode(await send())).toBe("RATE_LIMITED");
    await gateway.db.prisma.tenant.update({ where: { id: tenantId }, data: { requestsPerMinute: 100 } });
    const after = await send();
    expect(after.errors).toBeUndefined();
    expect(after.headers.get("x-ratelimit-limit")).toBe("100");
  });

  it("refuses requests past the tenant's concurrency with 429 CONCURRENCY_LIMITED", async () => {
    const { key } = await gateway.createTenantWithKey({ maxConcurrentRequests: 2, requestsPerMinute: 1000 });
    const texts = Array.from({ length: 100 }, () => "hello world the red house");
    const responses = await Promise.all(
      Array.from({ length: 12 }, () => graphql(gateway.graphqlUrl, TRANSLATE, { input: { model: "tiny-en-fr", texts } }, key)),
    );
    const codes = responses.map((response) => errorCode(response) ?? "OK");
    expect(codes).toContain("OK");
    expect(codes).toContain("CONCURRENCY_LIMITED");
    expect(codes.every((code) => code === "OK" || code === "CONCURRENCY_LIMITED")).toBe(true);
    const limited = responses.find((response) => errorCode(response) === "CONCURRENCY_LIMITED")!;
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("1");
  });
});
