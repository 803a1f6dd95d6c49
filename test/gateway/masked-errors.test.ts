import { describe, expect, it } from "vitest";
import { errorCode, graphql } from "../support/gateway.js";
import { useTestGateway } from "../support/use-test-gateway.js";

describe("unexpected errors in resolvers", () => {
  const gateway = useTestGateway();

  it("are masked, flagged unexpected and answered with HTTP 500", async () => {
    const { key } = await gateway.createTenantWithKey({}, ["READ"]);
    // A real fault in the real database: the table the resolver reads is gone.
    await gateway.db.prisma.$executeRawUnsafe(`ALTER TABLE "Model" RENAME TO "ModelGone"`);
    try {
      const response = await graphql(gateway.graphqlUrl, `{ models { nodes { name } } }`, {}, key);
      expect(response.status).toBe(500);
      expect(errorCode(response)).toBe("INTERNAL_SERVER_ERROR");
      const extensions = response.errors![0]!.extensions!;
      expect(extensions.unexpected).toBe(true);
      expect(extensions.requestId).toBe(response.headers.get("x-request-id"));
      expect(JSON.stringify(response.errors)).not.toMatch(/ModelGone|prisma|relation/i);
    } finally {
      await gateway.db.prisma.$executeRawUnsafe(`ALTER TABLE "ModelGone" RENAME TO "Model"`);
    }
  });

  it("a client error in the same shape stays 4xx", async () => {
    const { key } = await gateway.createTenantWithKey({}, ["READ"]);
    const response = await graphql(gateway.graphqlUrl, `{ models(first: 0) { nodes { name } } }`, {}, key);
    expect({ status: response.status, code: errorCode(response) }).toEqual({ status: 400, code: "BAD_USER_INPUT" });
  });
});
