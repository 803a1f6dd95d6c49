import { describe, expect, it } from "vitest";
import { errorCode, graphql } from "../support/gateway.js";
import { useTestGateway } from "../support/use-test-gateway.js";

const TRANSLATE = `mutation T($input: TranslateInput!) {
  translate(input: $input) {
    translations { text inputCharacters outputCharacters }
    model { name visibility }
    modelVersion { id version labels }
    usage { inputCharacters billedCharacters inputTokens outputTokens }
    replayed
  }
}`;

describe("gateway smoke", () => {
  const gateway = useTestGateway({ tinyModel: true });

  it("translates through HTTP and reports the version that served", async () => {
    const { key } = await gateway.createTenantWithKey();
    const response = await graphql(gateway.graphqlUrl, TRANSLATE, { input: { model: "tiny-en-fr", texts: ["hello world", "the cat"] } }, key);
    expect(response.errors).toBeUndefined();
    expect(response.status).toBe(200);
    const payload = response.data!.translate;
    expect(payload.translations).toHaveLength(2);
    expect(payload.modelVersion.version).toBe(1);
    expect(payload.modelVersion.labels).toContain("stable");
    expect(payload.usage.billedCharacters).toBe(18);
    expect(response.headers.get("x-request-id")).toBeTruthy();
    expect(response.headers.get("x-ratelimit-limit")).toBe("600");
  });

  it("answers UNAUTHENTICATED without a key", async () => {
    const response = await graphql(gateway.graphqlUrl, "{ viewer { scopes } }");
    expect(response.status).toBe(401);
    expect(errorCode(response)).toBe("UNAUTHENTICATED");
  });
});
