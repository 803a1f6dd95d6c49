import { describe, expect, it } from "vitest";
import { errorCode, graphql } from "../support/gateway.js";
import { useTestGateway } from "../support/use-test-gateway.js";
import { ledgerSettled } from "../support/ledger.js";

const TRANSLATE = `mutation T($input: TranslateInput!) { translate(input: $input) { usage { billedCharacters } } }`;

describe("monthly quota under concurrency", () => {
  const gateway = useTestGateway({ tinyModel: true });

  it("admits exactly the quota's worth of 300 concurrent requests, and the ledger matches the counter", async () => {
    const text = "hello world"; // 11 characters
    const { tenantId, key } = await gateway.createTenantWithKey({
      monthlyCharacterQuota: 100 * 11,
      requestsPerMinute: 10_000,
      maxConcurrentRequests: 1_000,
    });
    const responses = await Promise.all(
      Array.from({ length: 300 }, () =>
        graphql(gateway.graphqlUrl, TRANSLATE, { input: { model: "tiny-en-fr", texts: [text] } }, key),
      ),
    );
    const succeeded = responses.filter((response) => !response.errors);
    const refused = responses.filter((response) => errorCode(response) === "QUOTA_EXCEEDED");
    expect(succeeded).toHaveLength(100);
    expect(refused).toHaveLength(200);
    expect(refused.every((response) => response.status === 429 && !response.headers.get("retry-after"))).toBe(true);

    await ledgerSettled(gateway.db.prisma, tenantId);
    const ledger = await gateway.db.prisma.usageRecord.aggregate({
      where: { tenantId, status: "SUCCEEDED" },
      _sum: { inputCharacters: true },
      _count: true,
    });
    const counter = await gateway.db.prisma.usageCounter.findFirstOrThrow({ where: { tenantId } });
    expect(ledger._count).toBe(100);
    expect(ledger._sum.inputCharacters).toBe(1100);
    expect(Number(counter.characters)).toBe(1100);
    expect(counter.requests).toBe(100);
    expect(await gateway.db.prisma.usageRecord.count({ where: { tenantId, status: { not: "SUCCEEDED" } } })).toBe(0);
  });
});
