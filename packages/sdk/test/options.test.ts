import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Parley, ParleyError } from "../src/index.js";
import { graphqlData, inSequence, startScriptedServer, type ScriptedServer } from "./support/scripted-server.js";

const saved = { key: process.env.PARLEY_API_KEY, url: process.env.PARLEY_BASE_URL };
function restoreEnv(): void {
  for (const [name, value] of [["PARLEY_API_KEY", saved.key], ["PARLEY_BASE_URL", saved.url]] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
}

let server: ScriptedServer;
beforeAll(async () => {
  server = await startScriptedServer(inSequence(graphqlData({ viewer: { scopes: ["READ"] } })));
});
afterAll(() => server.close());
afterEach(restoreEnv);

describe("client options", () => {
  it("reads PARLEY_API_KEY and PARLEY_BASE_URL when options are absent", async () => {
    process.env.PARLEY_API_KEY = "pk_from_env";
    process.env.PARLEY_BASE_URL = `${server.url}/`;
    const client = new Parley();
    expect(client.apiKey).toBe("pk_from_env");
    expect(client.baseURL).toBe(server.url);
    await client.viewer();
    expect(server.requests.at(-1)?.headers.authorization).toBe("Bearer pk_from_env");
  });

  it("defaults to http://localhost:4000, two retries and a 60 s timeout", () => {
    delete process.env.PARLEY_BASE_URL;
    const client = new Parley({ apiKey: "pk_x" });
    expect(client).toMatchObject({ baseURL: "http://localhost:4000", maxRetries: 2, timeout: 60_000 });
  });

  it("refuses to start without an API key, and rejects nonsense numbers", () => {
    delete process.env.PARLEY_API_KEY;
    expect(() => new Parley()).toThrow(ParleyError);
    expect(() => new Parley()).toThrow(/PARLEY_API_KEY/);
    expect(() => new Parley({ apiKey: "pk_x", maxRetries: -1 })).toThrow(/maxRetries/);
  });

  it("sends default headers, overridden or removed per request", async () => {
    const client = new Parley({ apiKey: "pk_x", baseURL: server.url, defaultHeaders: { "x-team": "nlp", "x-trace": "on" } });
    await client.viewer({ headers: { "x-team": "ops", "x-trace": null } });
    const headers = server.requests.at(-1)?.headers;
    expect(headers?.["x-team"]).toBe("ops");
    expect(headers?.["x-trace"]).toBeUndefined();
    expect(headers?.accept).toBe("application/json");
  });

  it("derives a client with changed options via withOptions", async () => {
    const client = new Parley({ apiKey: "pk_x", baseURL: "http://127.0.0.1:9", defaultHeaders: { "x-team": "nlp" } });
    const derived = client.withOptions({ baseURL: server.url, maxRetries: 0 });
    expect(derived).toMatchObject({ apiKey: "pk_x", baseURL: server.url, maxRetries: 0 });
    await derived.viewer();
    expect(server.requests.at(-1)?.headers["x-team"]).toBe("nlp");
  });
});
