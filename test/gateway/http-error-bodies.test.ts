import { describe, expect, it } from "vitest";
import { useTestGateway } from "../support/use-test-gateway.js";

interface Probe {
  what: string;
  path: string;
  init: RequestInit;
  status: number;
  code: string;
}

const QUERY = JSON.stringify({ query: "{ viewer { scopes } }" });
const json = (headers: Record<string, string> = {}) => ({ "content-type": "application/json", ...headers });

/** Requests refused by middleware before GraphQL runs: each must still get JSON with a code. */
const PROBES: Probe[] = [
  { what: "charset latin1", path: "/graphql", init: { method: "POST", headers: json({ "content-type": "application/json; charset=latin1" }), body: QUERY }, status: 415, code: "UNSUPPORTED_MEDIA_TYPE" },
  { what: "content-encoding zstd", path: "/graphql", init: { method: "POST", headers: json({ "content-encoding": "zstd" }), body: QUERY }, status: 415, code: "UNSUPPORTED_MEDIA_TYPE" },
  { what: "gzip that is not gzip", path: "/graphql", init: { method: "POST", headers: json({ "content-encoding": "gzip" }), body: QUERY }, status: 400, code: "BAD_REQUEST" },
  { what: "text/plain body", path: "/graphql", init: { method: "POST", headers: { "content-type": "text/plain" }, body: QUERY }, status: 415, code: "UNSUPPORTED_MEDIA_TYPE" },
  { what: "no content type", path: "/graphql", init: { method: "POST", body: new Uint8Array(Buffer.from(QUERY)) }, status: 415, code: "UNSUPPORTED_MEDIA_TYPE" },
  { what: "bytes that are not UTF-8", path: "/graphql", init: { method: "POST", headers: json(), body: new Uint8Array([...Buffer.from('{"query":"{ viewer { scopes } }", "variables": {"x": "'), 0xff, 0xfe, ...Buffer.from('"}}')]) }, status: 400, code: "BAD_REQUEST" },
  { what: "invalid JSON", path: "/graphql", init: { method: "POST", headers: json(), body: "{nope" }, status: 400, code: "BAD_REQUEST" },
  { what: "over the body limit", path: "/graphql", init: { method: "POST", headers: json(), body: JSON.stringify({ query: "x".repeat(1_100_000) }) }, status: 413, code: "PAYLOAD_TOO_LARGE" },
  { what: "unknown route", path: "/nope", init: { method: "GET" }, status: 404, code: "NOT_FOUND" },
  { what: "unknown method on a REST route", path: "/v1/datasets", init: { method: "GET" }, status: 404, code: "NOT_FOUND" },
  { what: "undecodable path", path: "/v1/%E0%A4%A", init: { method: "GET" }, status: 404, code: "NOT_FOUND" },
];

describe("HTTP error bodies", () => {
  const gateway = useTestGateway();

  it("headers over Node's 16 KiB limit: 431 JSON with a code (Node's own answer has no body)", async () => {
    const response = await fetch(`${gateway.url}/graphql`, { method: "POST", headers: json({ authorization: `Bearer ${"x".repeat(100_000)}` }), body: QUERY });
    expect(response.status).toBe(431);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]!.extensions.code).toBe("REQUEST_HEADER_FIELDS_TOO_LARGE");
  });

  for (const probe of PROBES) {
    it(`${probe.what}: ${probe.status} JSON with code ${probe.code}, no stack or path`, async () => {
      const response = await fetch(`${gateway.url}${probe.path}`, probe.init);
      const text = await response.text();
      expect(response.status).toBe(probe.status);
      expect(response.headers.get("content-type")).toMatch(/^application\/json/);
      expect(text).not.toMatch(/node_modules|\/work\/|\bat \w+ \(|<html/i);
      const body = JSON.parse(text) as { errors?: { extensions?: { code?: string } }[]; error?: { code?: string } };
      const code = probe.path.startsWith("/v1/") ? body.error?.code : body.errors?.[0]?.extensions?.code;
      expect(code).toBe(probe.code);
      expect(response.headers.get("x-request-id")).toBeTruthy();
    });
  }
});
