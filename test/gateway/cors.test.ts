import { Parley, type Fetch } from "@parley/sdk";
import { describe, expect, it } from "vitest";
import { graphql } from "../support/gateway.js";
import { useTestGateway } from "../support/use-test-gateway.js";

const APP = "https://app.example.com";
const ELSEWHERE = "https://evil.example.net";
const VIEWER = `{ viewer { scopes } }`;
const SDK_HEADERS = ["authorization", "content-type", "idempotency-key", "x-request-id"];

/** A browser's preflight before a cross-origin POST with these headers. */
const preflight = (url: string, origin: string, headers = SDK_HEADERS) =>
  fetch(url, {
    method: "OPTIONS",
    headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": headers.join(",") },
  });
const listed = (response: { headers: Headers }, name: string) =>
  (response.headers.get(name) ?? "").toLowerCase().split(",").map((value) => value.trim());

describe("CORS for listed origins", () => {
  const gateway = useTestGateway({ tinyModel: true, env: { PARLEY_CORS_ORIGINS: `${APP}, http://localhost:5173` } });

  it("answers the preflight of /graphql and /v1/datasets for a listed origin with the SDK's headers", async () => {
    for (const path of ["/graphql", "/v1/datasets"]) {
      const response = await preflight(`${gateway.url}${path}`, APP);
      expect(response.status).toBe(204);
      expect(response.headers.get("access-control-allow-origin")).toBe(APP);
      expect(listed(response, "access-control-allow-methods")).toContain("post");
      expect(listed(response, "access-control-allow-headers")).toEqual(expect.arrayContaining(SDK_HEADERS));
      expect(response.headers.get("access-control-allow-credentials")).toBeNull();
    }
  });

  it("allows in a preflight every header the SDK actually sends", async () => {
    const { key } = await gateway.createTenantWithKey();
    const sent = new Set<string>();
    const recordingFetch: Fetch = (input, init) => {
      new Headers(init?.headers).forEach((_value, name) => sent.add(name));
      return fetch(input, init);
    };
    const client = new Parley({ apiKey: key, baseURL: gateway.url, fetch: recordingFetch, maxRetries: 0 });
    await client.translations.create({ model: "tiny-en-fr", text: "hello" });
    await client.viewer();
    // Accept is CORS-safelisted: browsers never ask for it.
    const asked = [...sent].filter((name) => name !== "accept");
    expect(asked).toEqual(expect.arrayContaining(["authorization", "content-type", "idempotency-key"]));
    const response = await preflight(gateway.graphqlUrl, APP, asked);
    expect(listed(response, "access-control-allow-headers")).toEqual(expect.arrayContaining(asked));
  });

  it("lets a listed origin read the request id and rate-limit headers", async () => {
    const { key } = await gateway.createTenantWithKey();
    const response = await graphql(gateway.graphqlUrl, VIEWER, {}, key, { origin: APP });
    expect(response.errors).toBeUndefined();
    expect(response.headers.get("access-control-allow-origin")).toBe(APP);
    expect(listed(response, "access-control-expose-headers")).toEqual(
      expect.arrayContaining(["x-request-id", "x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset", "retry-after"]),
    );
    expect(listed(response, "vary")).toContain("origin");
  });

  it("gives an unlisted origin no Access-Control-Allow-Origin, on the preflight or the request", async () => {
    const refused = await preflight(gateway.graphqlUrl, ELSEWHERE);
    expect(refused.headers.get("access-control-allow-origin")).toBeNull();
    const { key } = await gateway.createTenantWithKey();
    const response = await graphql(gateway.graphqlUrl, VIEWER, {}, key, { origin: ELSEWHERE });
    // Without Access-Control-Allow-Origin the browser hides the answer (the cors package still lists exposed headers).
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("still blocks requests a browser sends without a preflight (Apollo CSRF prevention)", async () => {
    const { key } = await gateway.createTenantWithKey();
    const simplePost = await fetch(gateway.graphqlUrl, {
      method: "POST",
      headers: { origin: APP, "content-type": "text/plain", authorization: `Bearer ${key}` },
      body: JSON.stringify({ query: VIEWER }),
    });
    // A form-like POST is refused as a media type before anything runs (JSON with a code, not Apollo's paragraph).
    expect(simplePost.status).toBe(415);
    expect(((await simplePost.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe("UNSUPPORTED_MEDIA_TYPE");
    const simpleGet = await fetch(`${gateway.graphqlUrl}?query=${encodeURIComponent(VIEWER)}`, {
      headers: { origin: APP, authorization: `Bearer ${key}` },
    });
    expect(simpleGet.status).toBe(400);
    expect(await simpleGet.text()).toMatch(/Cross-Site Request Forgery/);
  });
});

describe("CORS for any origin", () => {
  const gateway = useTestGateway({ env: { PARLEY_CORS_ORIGINS: "*" } });

  it("allows every origin with a wildcard", async () => {
    const response = await preflight(gateway.graphqlUrl, ELSEWHERE);
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
  });
});

describe("CORS not configured", () => {
  const gateway = useTestGateway();

  it("sends no CORS headers and answers no preflight", async () => {
    const response = await preflight(gateway.graphqlUrl, APP);
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    expect(response.headers.get("access-control-allow-headers")).toBeNull();
    const { key } = await gateway.createTenantWithKey();
    const request = await graphql(gateway.graphqlUrl, VIEWER, {}, key, { origin: APP });
    expect(request.headers.get("access-control-allow-origin")).toBeNull();
  });
});
