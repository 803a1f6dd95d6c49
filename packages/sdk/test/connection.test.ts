import { performance } from "node:perf_hooks";
import { afterEach, describe, expect, it } from "vitest";
import { APIConnectionError, APIError, APITimeoutError, APIUserAbortError, Parley, ParleyError, type Fetch } from "../src/index.js";
import { graphqlData, inSequence, startScriptedServer, unusedPort, type ScriptedServer } from "./support/scripted-server.js";

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const viewerData = graphqlData({ viewer: { scopes: ["READ"] } });

describe("timeouts, aborts and connection errors", () => {
  it("abandons an attempt after `timeout` with APITimeoutError, and retries timeouts", async () => {
    server = await startScriptedServer(inSequence({ ...viewerData, delayMs: 2_000 }));
    const client = new Parley({ apiKey: "pk_test", baseURL: server.url, timeout: 150 });

    let started = performance.now();
    const error = await client.viewer({ maxRetries: 0 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(APITimeoutError);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(server.requests).toHaveLength(1);

    started = performance.now();
    await expect(client.viewer({ maxRetries: 1, timeout: 100 })).rejects.toBeInstanceOf(APITimeoutError);
    expect(server.requests).toHaveLength(3);
    // Two 100 ms attempts and one backoff of 375-500 ms.
    expect(performance.now() - started).toBeGreaterThanOrEqual(570);
  });

  it("succeeds when a slow answer arrives within the timeout", async () => {
    server = await startScriptedServer(inSequence({ ...viewerData, delayMs: 100 }));
    const client = new Parley({ apiKey: "pk_test", baseURL: server.url, timeout: 2_000 });
    await expect(client.viewer()).resolves.toEqual({ scopes: ["READ"] });
  });

  it("stops at once with APIUserAbortError when the caller's signal fires mid-request", async () => {
    server = await startScriptedServer(inSequence({ ...viewerData, delayMs: 3_000 }));
    const client = new Parley({ apiKey: "pk_test", baseURL: server.url });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = performance.now();
    await expect(client.viewer({ signal: controller.signal })).rejects.toBeInstanceOf(APIUserAbortError);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(server.requests).toHaveLength(1);
  });

  it("aborts during the wait between retries, and sends nothing for an aborted signal", async () => {
    server = await startScriptedServer(inSequence({ status: 503, headers: { "retry-after": "30" } }));
    const client = new Parley({ apiKey: "pk_test", baseURL: server.url });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    const started = performance.now();
    await expect(client.viewer({ signal: controller.signal })).rejects.toBeInstanceOf(APIUserAbortError);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(server.requests).toHaveLength(1);

    await expect(client.viewer({ signal: AbortSignal.abort() })).rejects.toBeInstanceOf(APIUserAbortError);
    expect(server.requests).toHaveLength(1);
  });

  it("throws APIConnectionError after retrying a refused connection maxRetries times", async () => {
    const port = await unusedPort();
    let attempts = 0;
    const countingFetch: Fetch = (input, init) => {
      attempts++;
      return fetch(input, init);
    };
    const client = new Parley({ apiKey: "pk_test", baseURL: `http://127.0.0.1:${port}`, fetch: countingFetch });
    const started = performance.now();
    const error = await client.models.list().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error).not.toBeInstanceOf(APITimeoutError);
    expect((error as APIError).status).toBeUndefined();
    expect((error as Error).message).toMatch(/ECONNREFUSED/);
    expect(attempts).toBe(3);
    // Backoffs of 375-500 ms and 750-1000 ms.
    expect(performance.now() - started).toBeGreaterThanOrEqual(1_100);
  });

  it("keeps the error hierarchy openai-node users expect", () => {
    const timeout = new APITimeoutError();
    expect(timeout).toBeInstanceOf(APIConnectionError);
    expect(timeout).toBeInstanceOf(APIError);
    expect(timeout).toBeInstanceOf(ParleyError);
    expect(timeout).toBeInstanceOf(Error);
    expect(timeout.name).toBe("APITimeoutError");
  });
});
