import { describe, expect, it } from "vitest";
import { errorCode, graphql } from "../support/gateway.js";
import { useTestGateway } from "../support/use-test-gateway.js";

const remaining = (response: { headers: Headers }) => Number(response.headers.get("x-ratelimit-remaining"));
const VIEWER = `{ viewer { scopes } }`;

describe("every authenticated operation counts once against the rate limit", () => {
  const gateway = useTestGateway({ tinyModel: true });
  const newKey = (requestsPerMinute: number) => gateway.createTenantWithKey({ requestsPerMinute }, ["TRANSLATE", "TRAIN", "READ"]);

  it("an operation with a translate field beside others is counted and limited", async () => {
    const { tenantId, key } = await newKey(3);
    const mixed = (name: string) => `mutation {
      m1: createModel(input: { name: "${name}", sourceLanguage: "en", targetLanguage: "fr" }) { name }
      translate(input: { model: "tiny-en-fr", texts: [] }) { __typename }
    }`;
    const first = await graphql(gateway.graphqlUrl, mixed("a1"), {}, key);
    expect(remaining(first)).toBe(2);
    expect(remaining(await graphql(gateway.graphqlUrl, mixed("a2"), {}, key))).toBe(1);
    expect(remaining(await graphql(gateway.graphqlUrl, mixed("a3"), {}, key))).toBe(0);
    const over = await graphql(gateway.graphqlUrl, mixed("a4"), {}, key);
    expect({ status: over.status, code: errorCode(over) }).toEqual({ status: 429, code: "RATE_LIMITED" });
    const names = (await gateway.db.prisma.model.findMany({ where: { ownerTenantId: tenantId } })).map((model) => model.name).sort();
    expect(names).toEqual(["a1", "a2", "a3"]);
  });

  it("two translate fields in one operation count once", async () => {
    const { key } = await newKey(10);
    const response = await graphql(
      gateway.graphqlUrl,
      `mutation { a: translate(input: { model: "tiny-en-fr", texts: ["hello"] }) { replayed } b: translate(input: { model: "tiny-en-fr", texts: ["world"] }) { replayed } }`,
      {},
      key,
    );
    expect(response.errors).toBeUndefined();
    expect(remaining(await graphql(gateway.graphqlUrl, VIEWER, {}, key))).toBe(8);
  });

  it("a lone translate counts once, also when its input is refused or it is skipped", async () => {
    const { key } = await newKey(10);
    const ok = await graphql(gateway.graphqlUrl, `mutation { translate(input: { model: "tiny-en-fr", texts: ["hello"] }) { replayed } }`, {}, key);
    expect(remaining(ok)).toBe(9);
    const refused = await graphql(gateway.graphqlUrl, `mutation { translate(input: { model: "tiny-en-fr", texts: [] }) { replayed } }`, {}, key);
    expect(errorCode(refused)).toBe("BAD_USER_INPUT");
    expect(remaining(refused)).toBe(8);
    const nul = await graphql(gateway.graphqlUrl, `mutation T($t: String!) { translate(input: { model: "tiny-en-fr", texts: [$t] }) { replayed } }`, { t: "\u0000" }, key);
    expect(errorCode(nul)).toBe("BAD_USER_INPUT");
    expect(remaining(nul)).toBe(7);
    const skipped = await graphql(gateway.graphqlUrl, `mutation { translate(input: { model: "tiny-en-fr", texts: ["x"] }) @skip(if: true) { replayed } }`, {}, key);
    expect(remaining(skipped)).toBe(6);
    const fragment = await graphql(
      gateway.graphqlUrl,
      `mutation { ... on Mutation { m: createModel(input: { name: "f1", sourceLanguage: "en", targetLanguage: "fr" }) { name } } translate(input: { model: "tiny-en-fr", texts: ["x"] }) { replayed } }`,
      {},
      key,
    );
    expect(fragment.errors).toBeUndefined();
    expect(remaining(fragment)).toBe(5);
  });
});
