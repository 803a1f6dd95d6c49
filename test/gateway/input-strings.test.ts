import { describe, expect, it } from "vitest";
import { errorCode, graphql } from "../support/gateway.js";
import { useTestGateway } from "../support/use-test-gateway.js";
import { uploadDataset } from "../registry/support/upload.js";

const NUL = "a\u0000b";
const LONE_HIGH = "a\ud800b";
const LONE_LOW = "\udc00";
const LONG = "x".repeat(5_000);

/** Operations whose string inputs reach SQL, each with a value PostgreSQL cannot store or compare. */
const CASES: { what: string; query: string; variables: Record<string, unknown> }[] = [
  { what: "model name lookup (NUL)", query: `query Q($n: String!) { model(name: $n) { name } }`, variables: { n: NUL } },
  { what: "model name lookup (lone surrogate)", query: `query Q($n: String!) { model(name: $n) { name } }`, variables: { n: LONE_HIGH } },
  { what: "model name lookup (too long)", query: `query Q($n: String!) { model(name: $n) { name } }`, variables: { n: LONG } },
  { what: "model name as a literal", query: `{ model(name: "a\\u0000b") { name } }`, variables: {} },
  {
    what: "model description",
    query: `mutation M($d: String) { createModel(input: { name: "m1", sourceLanguage: "en", targetLanguage: "fr", description: $d }) { name } }`,
    variables: { d: NUL },
  },
  {
    what: "model description (lone low surrogate)",
    query: `mutation M($d: String) { createModel(input: { name: "m2", sourceLanguage: "en", targetLanguage: "fr", description: $d }) { name } }`,
    variables: { d: LONE_LOW },
  },
  { what: "api key name", query: `mutation K($n: String!) { createApiKey(input: { name: $n, scopes: [READ] }) { key } }`, variables: { n: NUL } },
  { what: "rollback label", query: `mutation R($l: String) { rollbackModel(model: "tiny-en-fr", label: $l) { name } }`, variables: { l: LONE_HIGH } },
  { what: "translate model", query: `mutation T($m: String!) { translate(input: { model: $m, texts: ["hi"] }) { replayed } }`, variables: { m: NUL } },
  {
    what: "translate label",
    query: `mutation T($l: String) { translate(input: { model: "tiny-en-fr", texts: ["hi"], label: $l }) { replayed } }`,
    variables: { l: NUL },
  },
  {
    what: "translate text",
    query: `mutation T($t: String!) { translate(input: { model: "tiny-en-fr", texts: [$t], idempotencyKey: "k1" }) { replayed } }`,
    variables: { t: NUL },
  },
  { what: "pagination cursor", query: `query Q($a: String) { models(after: $a) { nodes { name } } }`, variables: { a: LONE_HIGH } },
];

describe("client strings PostgreSQL cannot take", () => {
  const gateway = useTestGateway({ tinyModel: true });

  for (const testCase of CASES) {
    it(`${testCase.what}: 400 BAD_USER_INPUT, nothing stored`, async () => {
      const { tenantId, key } = await gateway.createTenantWithKey({ requestsPerMinute: 1000 }, ["ADMIN", "TRANSLATE", "TRAIN", "READ"]);
      const response = await graphql(gateway.graphqlUrl, testCase.query, testCase.variables, key);
      expect({ status: response.status, code: errorCode(response) }).toEqual({ status: 400, code: "BAD_USER_INPUT" });
      expect(await gateway.db.prisma.model.count({ where: { ownerTenantId: tenantId } })).toBe(0);
      expect(await gateway.db.prisma.apiKey.count({ where: { tenantId } })).toBe(1);
      expect(await gateway.db.prisma.usageRecord.count({ where: { tenantId } })).toBe(0);
    });
  }

  it("dataset name with U+0000 in the upload: 400 BAD_USER_INPUT naming the field", async () => {
    const { tenantId, key } = await gateway.createTenantWithKey({}, ["TRAIN", "READ"]);
    const uploaded = await uploadDataset(gateway.url, key, "hello\tbonjour\n".repeat(20), { name: NUL, sourceLanguage: "en", targetLanguage: "fr" });
    expect(uploaded.status).toBe(400);
    expect(uploaded.body.error).toMatchObject({ code: "BAD_USER_INPUT", field: "name" });
    expect(await gateway.db.prisma.dataset.count({ where: { tenantId } })).toBe(0);
  });

  it("a subscription is a 400 validation error, not an internal one", async () => {
    const { key } = await gateway.createTenantWithKey();
    const response = await graphql(gateway.graphqlUrl, `subscription { viewer { scopes } }`, {}, key);
    expect({ status: response.status, code: errorCode(response) }).toEqual({ status: 400, code: "GRAPHQL_VALIDATION_FAILED" });
  });

  it("a persisted-query hash that does not match the query is 400 BAD_REQUEST", async () => {
    const { key } = await gateway.createTenantWithKey();
    const response = await fetch(gateway.graphqlUrl, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      body: JSON.stringify({ query: "{ viewer { scopes } }", extensions: { persistedQuery: { version: 1, sha256Hash: "abc" } } }),
    });
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect({ status: response.status, code: body.errors[0]!.extensions.code }).toEqual({ status: 400, code: "BAD_REQUEST" });
  });

  it("well-formed text outside the BMP and long translate texts are still accepted", async () => {
    const { key } = await gateway.createTenantWithKey({ maxTextLength: 2_000 });
    const response = await graphql(
      gateway.graphqlUrl,
      `mutation T($t: [String!]!) { translate(input: { model: "tiny-en-fr", texts: $t }) { replayed } }`,
      { t: ["hello 😀 world", "hello ".repeat(300)] },
      key,
    );
    expect(response.errors).toBeUndefined();
  });
});
