import { Parley } from "@parley/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDelayedEngine } from "../support/delayed-engine.js";
import { graphql, startTestGateway, type TestGateway } from "../support/gateway.js";
import { recordStatements } from "../support/sql-statements.js";

// Issue 15, item 7: what every translate reads is cached (key, model resolution, the served version's labels),
// and the model, version and label fields of its payload go through per-request DataLoaders, so the SQL a
// translate sends does not grow with the fields asked for.

/** `copies` aliased copies of every model, version and label field of the payload. */
function translateSelecting(copies: number): string {
  const fields = Array.from(
    { length: copies },
    (_, index) =>
      `m${index}: model { id name labels { name version } versions { id version labels parentVersion } } ` +
      `v${index}: modelVersion { id version labels parentVersion parent { model version } }`,
  );
  return `mutation T($input: TranslateInput!) { translate(input: $input) { translations { text } ${fields.join(" ")} } }`;
}

describe("SQL statements of a translate (issue 15, item 7)", { timeout: 120_000 }, () => {
  let gateway: TestGateway;
  let key: string;
  let billed = 0;

  beforeAll(async () => {
    // No document runner: its polling would land among the statements counted.
    gateway = await startTestGateway({ engine: createDelayedEngine(0), env: { PARLEY_DOCUMENT_CONCURRENCY: "0" } });
    ({ key } = await gateway.createTenantWithKey());
    const { modelId } = await gateway.publishTinyModel("statements", { artifactPath: "/unused" });
    await gateway.db.prisma.modelVersion.create({ data: { modelId, version: 2, status: "READY", architecture: "tiny", artifactPath: "/unused" } });
  });
  afterAll(() => gateway?.stop());

  /** Waits (without SQL) until the gateway settled one more translation: settlement follows the response. */
  async function settledOneMore(): Promise<void> {
    billed += 1;
    await expect.poll(async () => (await gateway.metrics.billedCharacters.get()).values[0]?.value ?? 0).toBeGreaterThanOrEqual(billed * 5);
  }

  /** The statements of one translate, its settlement included. */
  const statementsOf = (translate: () => Promise<unknown>) => recordStatements(async () => (await translate(), await settledOneMore()));

  it("a translate as the SDK sends it reads no key, model, version or label (cached), and writes its ledger rows", async () => {
    const client = new Parley({ apiKey: key, baseURL: gateway.url, maxRetries: 0 });
    const send = () => client.translations.create({ model: "statements", text: "hello" });
    await statementsOf(send); // warm: the key's first use (lastUsedAt), the caches
    const statements = await statementsOf(send);
    expect(statements.filter((statement) => /"(ApiKey|Tenant|Model|ModelVersion|ModelLabel)"/.test(statement) && !/"UsageCounter"/.test(statement))).toEqual([]);
    // The cache fence, the rate-limit count, the reservation (which finds an earlier request with the same
    // idempotency key itself), the settlement.
    expect(statements.length).toBeLessThanOrEqual(4);
  });

  it("costs the same statements with 1 or 7 copies of every model, version and label field", async () => {
    const send = (copies: number) => async () => {
      const response = await graphql(gateway.graphqlUrl, translateSelecting(copies), { input: { model: "statements", texts: ["hello"] } }, key);
      expect(response.errors).toBeUndefined();
      expect(response.data?.translate.v0.labels).toEqual(["stable"]);
      expect(response.data?.translate.m0.versions.map((version: { labels: string[] }) => version.labels)).toEqual([["stable"], []]);
    };
    await statementsOf(send(1));
    const one = await statementsOf(send(1));
    const seven = await statementsOf(send(7));
    expect(seven.length).toBe(one.length);
    // Beyond the plain translate (4): the model's labels (Prisma reads their versions' numbers in a second query),
    // its versions, their labels: one batch each, whatever the number of copies.
    expect(one.length).toBeLessThanOrEqual(4 + 4);
  });
});
