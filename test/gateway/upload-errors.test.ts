import { describe, expect, it } from "vitest";
import { useTestGateway } from "../support/use-test-gateway.js";

/** Bodies a broken or hostile client sends to POST /v1/datasets; each used to be able to end the process. */
const MALFORMED: Record<string, string> = {
  "no blank line after the part's headers": `--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a"\r\nabc\r\n--XyZ--\r\n`,
  "a file part cut short": `--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a"\r\n\r\nabc`,
  "an extra file part cut short": `--XyZ\r\nContent-Disposition: form-data; name="other"; filename="b"\r\n\r\nabc`,
  "a second file part cut short":
    `--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a"\r\n\r\nhello\tbonjour\r\n` +
    `--XyZ\r\nContent-Disposition: form-data; name="file"; filename="b"\r\n\r\nabc`,
  "a field cut short": `--XyZ\r\nContent-Disposition: form-data; name="name"\r\n\r\nabc`,
  "headers only": `--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a"`,
  "no boundary at all": "hello\tbonjour\n",
  "garbage header line": `--XyZ\r\n\x00\x01\x02: ???\r\n\r\nabc\r\n--XyZ--\r\n`,
};

describe("malformed dataset uploads", () => {
  const gateway = useTestGateway();

  it("answers each with a JSON 4xx and keeps serving", async () => {
    const { key } = await gateway.createTenantWithKey({ requestsPerMinute: 1000 }, ["TRAIN", "READ"]);
    for (const [what, body] of Object.entries(MALFORMED)) {
      const response = await fetch(`${gateway.url}/v1/datasets`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "multipart/form-data; boundary=XyZ" },
        body,
      });
      const json = (await response.json()) as { error?: { code?: string } };
      expect({ what, status: response.status, code: json.error?.code }).toEqual({ what, status: 400, code: "BAD_USER_INPUT" });
      const health = await fetch(`${gateway.url}/healthz`);
      expect(health.status, `alive after ${what}`).toBe(200);
    }
    expect(await gateway.db.prisma.dataset.count()).toBe(0);
  });
});
