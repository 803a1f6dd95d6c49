import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Parley, ParleyError } from "../src/index.js";
import { datasetFixture, modelFixture, translationFixture } from "./support/fixtures.js";
import { graphqlData, readForm, startScriptedServer, type RecordedRequest, type ScriptedResponse, type ScriptedServer } from "./support/scripted-server.js";

/** Answers each operation with a fixture under its root field, so tests can check what was sent. */
const answers: Record<string, (variables: Record<string, unknown>, index: number) => unknown> = {
  Translate: (variables) => ({ translate: translationFixture((variables.input as { texts: string[] }).texts) }),
  RetrieveModel: (variables) => ({ model: modelFixture(variables.name as string) }),
  CreateModel: (variables) => ({ createModel: modelFixture((variables.input as { name: string }).name) }),
  PromoteModelVersion: () => ({ promoteModelVersion: modelFixture("eng-fra") }),
  SetCanaryTraffic: (variables) => ({ setCanaryTraffic: { ...modelFixture("eng-fra"), canaryPercent: variables.percent } }),
  RollbackModel: () => ({ rollbackModel: modelFixture("eng-fra") }),
  ArchiveModelVersion: (variables) => ({ archiveModelVersion: { id: "v", version: variables.version, status: "ARCHIVED" } }),
  RetrieveUsage: (variables) => ({ usage: { ...variables, groups: [], totals: { key: "total", requests: 0 } } }),
  RetrieveTrainingJob: (_variables, index) => ({
    trainingJob: { id: "job-1", status: ["RUNNING", "INTERRUPTED", "RUNNING", "SUCCEEDED"][Math.min(index, 3)], progress: Math.min(1, index / 3) },
  }),
  CreateApiKey: (variables) => ({ createApiKey: { key: "pk_live_secret", apiKey: { id: "key-2", name: (variables.input as { name: string }).name } } }),
  ListApiKeys: () => ({ apiKeys: [{ id: "key-1" }] }),
  Viewer: () => ({ viewer: { scopes: ["ADMIN"] } }),
};

let server: ScriptedServer;
let client: Parley;
const counts = new Map<string, number>();

function respond(request: RecordedRequest): ScriptedResponse {
  if (request.path === "/v1/datasets") return { status: 201, body: datasetFixture("uploaded") };
  const operation = request.json?.operationName ?? "";
  const index = counts.get(operation) ?? 0;
  counts.set(operation, index + 1);
  const answer = answers[operation];
  return answer ? graphqlData(answer(request.json?.variables ?? {}, index)) : { status: 400, body: { error: { message: operation } } };
}

function lastRequest(): RecordedRequest {
  const request = server.requests.at(-1);
  if (!request) throw new Error("no request recorded");
  return request;
}

beforeAll(async () => {
  server = await startScriptedServer(respond);
  client = new Parley({ apiKey: "pk_test_123", baseURL: server.url });
});
beforeEach(() => counts.clear());
afterAll(() => server.close());

describe("resources", () => {
  it("posts GraphQL to /graphql with the bearer key, query, operationName and variables", async () => {
    const result = await client.translations.create({ model: "eng-fra", texts: ["a", "bc"], label: "canary", options: { beamSize: 4 } });
    expect(result.translations.map((translation) => translation.text)).toEqual(["A", "BC"]);
    const request = lastRequest();
    expect(request.method).toBe("POST");
    expect(request.path).toBe("/graphql");
    expect(request.headers.authorization).toBe("Bearer pk_test_123");
    expect(request.headers["content-type"]).toBe("application/json");
    expect(request.json?.operationName).toBe("Translate");
    expect(request.json?.query).toMatch(/^mutation Translate\(\$input:\s*TranslateInput!\)\{translate\(input:\$input\)/);
    expect(request.json?.variables?.input).toMatchObject({ model: "eng-fra", texts: ["a", "bc"], label: "canary", options: { beamSize: 4 } });
  });

  it("sends a single `text` as a one-element `texts`", async () => {
    const result = await client.translations.create({ model: "eng-fra", text: "hello" });
    expect(result.translations).toHaveLength(1);
    expect(lastRequest().json?.variables?.input).toMatchObject({ texts: ["hello"] });
    expect(() => client.translations.create({ model: "eng-fra" } as never)).toThrow(ParleyError);
  });

  it("maps model management calls onto their mutations", async () => {
    await client.models.create({ name: "mine", sourceLanguage: "en", targetLanguage: "de" });
    expect(lastRequest().json?.variables).toEqual({ input: { name: "mine", sourceLanguage: "en", targetLanguage: "de" } });
    await client.models.versions.promote({ model: "eng-fra", version: 2, label: "canary" });
    expect(lastRequest().json?.variables).toEqual({ input: { model: "eng-fra", version: 2, label: "canary" } });
    const canary = await client.models.setCanaryTraffic({ model: "eng-fra", percent: 10 });
    expect(canary.canaryPercent).toBe(10);
    await client.models.rollback({ model: "eng-fra" });
    expect(lastRequest().json?.variables).toEqual({ model: "eng-fra" });
    const archived = await client.models.versions.archive({ model: "eng-fra", version: 1 });
    expect(archived.status).toBe("ARCHIVED");
  });

  it("sends usage dates as ISO strings", async () => {
    const report = await client.usage.retrieve({ from: new Date(Date.UTC(2026, 0, 1)), to: "2026-02-01T00:00:00.000Z", groupBy: "DAY" });
    expect(report.from).toBe("2026-01-01T00:00:00.000Z");
    expect(lastRequest().json?.variables).toEqual({ from: "2026-01-01T00:00:00.000Z", to: "2026-02-01T00:00:00.000Z", groupBy: "DAY" });
  });

  it("uploads a dataset as multipart/form-data to /v1/datasets", async () => {
    const bytes = new TextEncoder().encode("one\tun\ntwo\tdeux\n");
    const dataset = await client.datasets.upload({ file: bytes, name: "numbers", sourceLanguage: "en", targetLanguage: "fr" });
    expect(dataset.id).toBe("dataset-uploaded");
    const request = lastRequest();
    expect(request.path).toBe("/v1/datasets");
    expect(request.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    expect(request.headers.authorization).toBe("Bearer pk_test_123");
    const form = await readForm(request);
    expect(form.get("name")).toBe("numbers");
    expect(form.get("sourceLanguage")).toBe("en");
    expect(form.get("targetLanguage")).toBe("fr");
    expect(await (form.get("file") as File).text()).toBe("one\tun\ntwo\tdeux\n");

    await client.datasets.upload({ file: new File(["x\ty\n"], "pairs.tsv"), name: "file", sourceLanguage: "en", targetLanguage: "fr" });
    expect(((await readForm(lastRequest())).get("file") as File).name).toBe("pairs.tsv");
  });

  it("polls a training job until it finishes, through an interruption the gateway resumes", async () => {
    const statuses: string[] = [];
    const job = await client.trainingJobs.waitForCompletion("job-1", { pollIntervalMs: 10, onProgress: (each) => statuses.push(each.status) });
    expect(job.status).toBe("SUCCEEDED");
    expect(statuses).toEqual(["RUNNING", "INTERRUPTED", "RUNNING", "SUCCEEDED"]);
  });

  it("returns the one-time key from apiKeys.create and arrays from apiKeys.list", async () => {
    const created = await client.apiKeys.create({ name: "ci", scopes: ["TRANSLATE"] });
    expect(created.key).toBe("pk_live_secret");
    expect(lastRequest().json?.variables).toEqual({ input: { name: "ci", scopes: ["TRANSLATE"] } });
    expect(await client.apiKeys.list()).toEqual([{ id: "key-1" }]);
    expect(await client.viewer()).toEqual({ scopes: ["ADMIN"] });
  });

  it("runs ad-hoc GraphQL through client.graphql", async () => {
    const data = await client.graphql<{ viewer: { scopes: string[] } }, Record<string, never>>("query Viewer { viewer { scopes } }");
    expect(data.viewer.scopes).toEqual(["ADMIN"]);
    expect(lastRequest().headers["idempotency-key"]).toBeUndefined();
  });
});
