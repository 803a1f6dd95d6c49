import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectToNats, createEngineRuntimeAdapter, createLogger, engineSubjects, type EngineTranslation, WORKER_QUEUE_GROUP } from "@parley/server";
import { collectWorkerStats } from "@parley/server/testing";
import { NATS_URL, requireBroker } from "../support/brokers.js";
import { startEngineWorker, type EngineWorkerProcess } from "../support/engine-worker-process.js";
import { errorCode, graphql, startTestGateway, type TestGateway } from "../support/gateway.js";
import { getTinyModelDir, tinyModelSentences } from "../support/tiny-model.js";
import { ledgerSettled } from "../support/ledger.js";

const TRANSLATE = `mutation T($input: TranslateInput!) {
  translate(input: $input) { translations { text } usage { billedCharacters inputTokens outputTokens } }
}`;
const QUOTA = `{ viewer { tenant { quota { used } } } }`;
const TIMEOUT_MS = 5_000;

// The tests run in order against one gateway: two workers serve, one is killed, one drains, then none is left.
describe("scale-out: engine workers behind NATS", () => {
  const subject = `parley-test.${randomUUID().slice(0, 8)}`;
  const subjects = engineSubjects(subject);
  const workerEnv = { NATS_URL, PARLEY_NATS_SUBJECT: subject };
  let gateway: TestGateway;
  let nats: Awaited<ReturnType<typeof connectToNats>>;
  let workers: EngineWorkerProcess[] = [];
  let key: string;
  let versionId: string;
  let sentences: string[];
  let inProcess: EngineTranslation[];

  beforeAll(async () => {
    await requireBroker("NATS", NATS_URL);
    nats = await connectToNats(NATS_URL, "parley-test", createLogger("silent"));
    const artifactPath = await getTinyModelDir();
    sentences = await tinyModelSentences(16);
    const reference = await createEngineRuntimeAdapter({ maxBatchSize: 32, maxWaitMs: 5 });
    try {
      inProcess = await Promise.all(sentences.map(async (text) => (await reference.translate({ id: "reference", artifactPath }, [text], {}))[0]!));
    } finally {
      await reference.close();
    }
    workers = await Promise.all([startEngineWorker(workerEnv), startEngineWorker(workerEnv)]);
    gateway = await startTestGateway({
      configOverrides: { NATS_URL, PARLEY_NATS_SUBJECT: subject, PARLEY_ENGINE_TIMEOUT_MS: TIMEOUT_MS },
    });
    ({ versionId } = await gateway.publishTinyModel());
    ({ key } = await gateway.createTenantWithKey({ maxConcurrentRequests: 64 }));
  });

  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.stop("SIGKILL")));
    await gateway?.stop();
    await nats?.drain();
  });

  const translate = (text: string) => graphql(gateway.graphqlUrl, TRANSLATE, { input: { model: "tiny-en-fr", texts: [text] } }, key);
  const quotaUsed = async () => (await graphql(gateway.graphqlUrl, QUOTA, {}, key)).data!.viewer.tenant.quota.used as number;
  const workerStats = () => collectWorkerStats(nats, subjects.stats, 250);
  const served = async () => new Map((await workerStats()).map((stats) => [stats.worker, stats.served]));

  it("translates through worker processes exactly as the in-process engine does, and every worker serves", async () => {
    const responses = await Promise.all(sentences.map(translate));
    responses.forEach((response, index) => {
      expect(response.errors).toBeUndefined();
      expect(response.data!.translate.translations[0].text).toBe(inProcess[index]!.text);
      expect(response.data!.translate.usage.inputTokens).toBe(inProcess[index]!.inputTokens);
      expect(response.data!.translate.usage.outputTokens).toBe(inProcess[index]!.outputTokens);
    });
    const byWorker = await served();
    expect([...byWorker.keys()].sort()).toEqual(workers.map((worker) => worker.id).sort());
    expect([...byWorker.values()].every((count) => count > 0)).toBe(true);
    expect([...byWorker.values()].reduce((sum, count) => sum + count, 0)).toBe(sentences.length);
    expect(await quotaUsed()).toBe(sentences.reduce((sum, text) => sum + [...text].length, 0));
  });

  it("reports in-flight requests and the workers' loaded versions", async () => {
    gateway.engine.stats(); // a read starts a poll of the workers' gauges when the last one is stale
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(gateway.engine.stats()).toMatchObject({ queueDepth: 0, loadedVersions: 2 });
    expect(gateway.engine.stats().liveTensors).toBeGreaterThan(0);
  });

  it("unloading a version reaches every worker", async () => {
    await gateway.engine.unload(versionId);
    const deadline = Date.now() + 5_000;
    let loaded: number[] = [];
    do loaded = (await workerStats()).map((stats) => stats.loadedVersions);
    while (loaded.some((count) => count > 0) && Date.now() < deadline);
    expect(loaded).toEqual([0, 0]);
  });

  it("a version no worker can load fails as INTERNAL_SERVER_ERROR, bills nothing, and the workers keep serving", async () => {
    await gateway.publishTinyModel("missing-artifact", { artifactPath: "/nonexistent/parley-artifact" });
    const before = await quotaUsed();
    const failed = await graphql(gateway.graphqlUrl, TRANSLATE, { input: { model: "missing-artifact", texts: ["hello"] } }, key);
    expect(errorCode(failed)).toBe("INTERNAL_SERVER_ERROR");
    expect(failed.errors![0]!.message).not.toContain("/nonexistent");
    expect(await quotaUsed()).toBe(before);
    expect(errorCode(await translate(sentences[0]!))).toBeUndefined();
  });

  it("keeps serving when a worker is killed", async () => {
    const [killed, survivor] = workers as [EngineWorkerProcess, EngineWorkerProcess];
    expect(await killed.stop("SIGKILL")).toBeNull();
    workers = [survivor];
    const responses = await Promise.all(sentences.slice(0, 6).map(translate));
    expect(responses.map((response) => errorCode(response) ?? "OK")).toEqual(Array(6).fill("OK"));
    expect([...(await served()).keys()]).toEqual([survivor.id]);
  });

  it("a worker stopped with SIGTERM finishes the requests it took before it exits", async () => {
    const draining = await startEngineWorker(workerEnv);
    workers.push(draining);
    const burst = [...sentences, ...sentences, ...sentences];
    const responses = Promise.all(burst.map(translate));
    const deadline = Date.now() + 10_000;
    while (!(await workerStats()).some((stats) => stats.worker === draining.id && stats.inFlight > 0) && Date.now() < deadline);
    expect(await draining.stop("SIGTERM")).toBe(0);
    workers = workers.filter((worker) => worker !== draining);
    expect((await responses).map((response) => errorCode(response) ?? "OK")).toEqual(Array(burst.length).fill("OK"));
    const logged = (msg: string) => draining.logs.find((entry) => entry.msg === msg) as { inFlight: number; served: number };
    expect(logged("draining: finishing requests in flight").inFlight).toBeGreaterThan(0);
    expect(logged("stopped")).toMatchObject({ inFlight: 0 });
    expect(logged("stopped").served).toBeGreaterThanOrEqual(logged("draining: finishing requests in flight").inFlight);
  });

  it("answers 503 ENGINE_UNAVAILABLE within the timeout when a worker never replies, and bills nothing", async () => {
    const silent = nats.subscribe(subjects.translate, { queue: WORKER_QUEUE_GROUP });
    await workers[0]!.stop("SIGKILL");
    workers = [];
    await nats.flush();
    const before = await quotaUsed();
    const started = Date.now();
    const response = await translate(sentences[0]!);
    const elapsed = Date.now() - started;
    silent.unsubscribe();
    expect(response.status).toBe(503);
    expect(errorCode(response)).toBe("ENGINE_UNAVAILABLE");
    expect(response.headers.get("retry-after")).toBe("1");
    expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 100);
    expect(elapsed).toBeLessThan(TIMEOUT_MS + 3_000);
    expect(await quotaUsed()).toBe(before);
  });

  it("answers ENGINE_UNAVAILABLE at once when no worker is subscribed, and bills nothing", async () => {
    await nats.flush();
    const before = await quotaUsed();
    await ledgerSettled(gateway.db.prisma);
    const records = await gateway.db.prisma.usageRecord.count({ where: { status: "SUCCEEDED" } });
    const started = Date.now();
    const response = await translate(sentences[1]!);
    expect(errorCode(response)).toBe("ENGINE_UNAVAILABLE");
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS);
    expect(await quotaUsed()).toBe(before);
    expect(await gateway.db.prisma.usageRecord.count({ where: { status: "SUCCEEDED" } })).toBe(records);
    expect(await gateway.db.prisma.usageRecord.count({ where: { status: "RESERVED" } })).toBe(0);
  });
});
