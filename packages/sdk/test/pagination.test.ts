import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Page, Parley } from "../src/index.js";
import { modelFixture } from "./support/fixtures.js";
import { graphqlData, startScriptedServer, type RecordedRequest, type ScriptedServer } from "./support/scripted-server.js";

const names = Array.from({ length: 7 }, (_, index) => `model-${index}`);

/** Serves `models(first, after)` over seven models with opaque cursors, as the gateway does. */
function listModels(request: RecordedRequest) {
  const { first = 50, after } = (request.json?.variables ?? {}) as { first?: number; after?: string };
  const start = after === undefined ? 0 : Number(Buffer.from(after, "base64url").toString()) + 1;
  const slice = names.slice(start, start + first);
  const last = start + slice.length - 1;
  const cursor = Buffer.from(String(last)).toString("base64url");
  const connection = { nodes: slice.map(modelFixture), pageInfo: { endCursor: slice.length ? cursor : null, hasNextPage: last < names.length - 1 }, totalCount: names.length };
  return graphqlData(request.json?.operationName === "ListTenants" ? { tenants: connection } : { models: connection });
}

let server: ScriptedServer;
let client: Parley;
beforeAll(async () => {
  server = await startScriptedServer(listModels);
  client = new Parley({ apiKey: "pk_test", baseURL: server.url });
});
afterAll(() => server.close());

describe("pagination", () => {
  it("iterates every item across pages, fetching each page once", async () => {
    const before = server.requests.length;
    const seen: string[] = [];
    for await (const model of client.models.list({ first: 3 })) seen.push(model.name);
    expect(seen).toEqual(names);
    const requests = server.requests.slice(before);
    expect(requests.map((request) => request.json?.variables?.after)).toEqual([undefined, "Mg", "NQ"]);
    expect(requests.every((request) => request.json?.variables?.first === 3)).toBe(true);
  });

  it("collects everything with toArray()", async () => {
    const models = await client.models.list({ first: 2 }).toArray();
    expect(models.map((model) => model.name)).toEqual(names);
  });

  it("awaits to the first page, with explicit page navigation", async () => {
    const page = await client.models.list({ first: 4 });
    expect(page).toBeInstanceOf(Page);
    expect(page.data.map((model) => model.name)).toEqual(names.slice(0, 4));
    expect(page.hasNextPage()).toBe(true);
    const next = await page.getNextPage();
    expect(next.data.map((model) => model.name)).toEqual(names.slice(4));
    expect(next.hasNextPage()).toBe(false);
    expect(() => next.getNextPage()).toThrow(/No next page/);
    const sizes: number[] = [];
    for await (const each of page.iterPages()) sizes.push(each.data.length);
    expect(sizes).toEqual([4, 3]);
  });

  it("exposes totalCount where the API has it", async () => {
    const page = await client.tenants.list({ first: 5 });
    expect(page.totalCount).toBe(7);
    expect(page.data).toHaveLength(5);
  });
});
