import { beforeAll, describe, expect, it } from "vitest";
import { errorCode, graphql } from "../support/gateway.js";
import { useTestGateway } from "../support/use-test-gateway.js";

describe("production hygiene", () => {
  const gateway = useTestGateway({ tinyModel: true, configOverrides: { PARLEY_MAX_BODY_BYTES: 4096 } });
  let key: string;
  beforeAll(async () => {
    ({ key } = await gateway.createTenantWithKey({ requestsPerMinute: 10_000, maxConcurrentRequests: 100 }));
  });

  it("serves /healthz, /readyz and Prometheus /metrics", async () => {
    expect((await fetch(`${gateway.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${gateway.url}/readyz`);
    expect(ready.status).toBe(200);
    await graphql(gateway.graphqlUrl, `query Who { viewer { scopes } }`, {}, key);
    const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
    for (const name of [
      "parley_graphql_requests_total",
      "parley_graphql_request_duration_seconds_bucket",
      "parley_limit_rejections_total",
      "parley_engine_queue_depth",
      "parley_engine_live_tensors",
      "parley_engine_batch_size_bucket",
      "parley_translate_request_texts_bucket",
    ]) {
      expect(metrics).toContain(name);
    }
    expect(metrics).toMatch(/parley_graphql_requests_total\{operation="Who",status="200"\} 1/);
  });

  it("reports the engine's backend and native kernels in /readyz and /metrics once its workers are up", async () => {
    const expected = process.env["PARLEY_NATIVE"] === "0" ? "false" : "true";
    await expect.poll(async () => (await (await fetch(`${gateway.url}/readyz`)).json()) as unknown, { timeout: 60_000 })
      .toMatchObject({ status: "ready", engine: { status: "ready", backend: "wasm", nativeKernels: expected === "true" } });
    const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
    expect(metrics).toContain(`parley_engine_backend_info{backend="wasm",native_kernels="${expected}"} 1`);
    expect(metrics).toContain(`parley_engine_native_kernels ${expected === "true" ? 1 : 0}`);
  });

  it("honours a sane x-request-id and replaces an unsafe one", async () => {
    const sane = await graphql(gateway.graphqlUrl, `{ viewer { scopes } }`, {}, key, { "x-request-id": "client-abc.123" });
    expect(sane.headers.get("x-request-id")).toBe("client-abc.123");
    const unsafe = await graphql(gateway.graphqlUrl, `{ viewer { scopes } }`, {}, key, { "x-request-id": "bad id\twith<script>" });
    expect(unsafe.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const health = await fetch(`${gateway.url}/healthz`);
    expect(health.headers.get("x-request-id")).toBeTruthy();
  });

  it("refuses bodies over PARLEY_MAX_BODY_BYTES with 413, batched arrays and CSRF-able requests with 400", async () => {
    const big = await fetch(gateway.graphqlUrl, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      body: JSON.stringify({ query: "{ viewer { scopes } }", variables: { pad: "x".repeat(5000) } }),
    });
    expect(big.status).toBe(413);
    expect(((await big.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe("PAYLOAD_TOO_LARGE");

    const batched = await fetch(gateway.graphqlUrl, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      body: JSON.stringify([{ query: "{ viewer { scopes } }" }, { query: "{ viewer { scopes } }" }]),
    });
    expect(batched.status).toBe(400);

    const simpleGet = await fetch(`${gateway.graphqlUrl}?query=${encodeURIComponent("{ viewer { scopes } }")}`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(simpleGet.status).toBe(400);
  });

  it("masks unexpected errors: no stack traces or SQL reach the client", async () => {
    const response = await graphql(gateway.graphqlUrl, `{ tenant(id: "not-a-uuid") { id } }`, {}, key);
    expect(response.data?.tenant).toBeNull();
    const text = JSON.stringify(response);
    expect(text).not.toMatch(/stacktrace|SELECT|prisma|\.ts:/i);
  });

  it("serves a landing page that loads nothing from the internet", async () => {
    const page = await fetch(gateway.graphqlUrl, { headers: { accept: "text/html" } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Parley");
    expect(html).not.toMatch(/<script|<link|src="http|href="http/);
  });

  it("keeps the engine's live tensor count and queue flat across many requests", async () => {
    const texts = ["hello world", "the red house", "thank you"];
    const send = () => graphql(gateway.graphqlUrl, `mutation { translate(input: { model: "tiny-en-fr", texts: ${JSON.stringify(texts)} }) { replayed } }`, {}, key);
    await send();
    const baseline = gateway.engine.stats();
    for (let round = 0; round < 10; round += 1) {
      const responses = await Promise.all(Array.from({ length: 10 }, send));
      for (const response of responses) expect(response.errors).toBeUndefined();
    }
    const after = gateway.engine.stats();
    expect(after.liveTensors).toBe(baseline.liveTensors);
    expect(after.queueDepth).toBe(0);
    expect(after.loadedVersions).toBe(1);
    const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
    expect(metrics).toMatch(new RegExp(`parley_engine_live_tensors ${baseline.liveTensors}\\b`));
  });
});

describe("introspection and landing page switched off", () => {
  const gateway = useTestGateway({ configOverrides: { PARLEY_INTROSPECTION: false, PARLEY_LANDING_PAGE: false } });

  it("refuses introspection and serves no landing page", async () => {
    const response = await graphql(gateway.graphqlUrl, `{ __schema { types { name } } }`, {}, gateway.adminKey);
    expect(errorCode(response)).toBe("GRAPHQL_VALIDATION_FAILED");
    const page = await fetch(gateway.graphqlUrl, { headers: { accept: "text/html" } });
    expect(page.status).not.toBe(200);
  });
});
