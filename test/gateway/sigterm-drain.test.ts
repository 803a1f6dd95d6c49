import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { Msg } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectToNats, createLogger, engineSubjects, generateApiKey, hashApiKey, keyPrefix, WORKER_QUEUE_GROUP } from "@parley/server";
import { startPlatform } from "../registry/support/platform-process.js";
import { NATS_URL, requireBroker } from "../support/brokers.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

const TRANSLATE = `mutation T($input: TranslateInput!) { translate(input: $input) { translations { text } usage { billedCharacters } } }`;
const DRAIN_TIMEOUT_MS = 2_000;

interface ClientOutcome {
  text: string;
  status?: number;
  body?: { data?: { translate?: { translations: { text: string }[] } } | null };
  error?: string;
}

/**
 * SIGTERM with long translations in flight, against `pnpm start` as operators run it. The engine is a scripted
 * worker on NATS, so the test decides which translations end inside the drain timeout and which only after it.
 */
describe("SIGTERM with translations in flight", () => {
  let db: TestDatabase;
  let dataDir: string;
  let nats: Awaited<ReturnType<typeof connectToNats>>;
  const subject = `parley-sigterm.${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    await requireBroker("NATS", NATS_URL);
    db = await createTestDatabase();
    dataDir = await mkdtemp(path.join(os.tmpdir(), "parley-sigterm-"));
    nats = await connectToNats(NATS_URL, "parley-sigterm-test", createLogger("silent"));
  });
  afterAll(async () => {
    await nats?.drain();
    await db?.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("delivers and bills what finishes within the drain timeout, releases the rest, and exits", async () => {
    const tenant = await db.prisma.tenant.create({ data: { name: "sigterm", maxConcurrentRequests: 32 } });
    const key = generateApiKey();
    await db.prisma.apiKey.create({ data: { tenantId: tenant.id, name: "k", prefix: keyPrefix(key), hash: hashApiKey(key), scopes: ["TRANSLATE"] } });
    const model = await db.prisma.model.create({ data: { name: "slow-en-fr", sourceLanguage: "en", targetLanguage: "fr" } });
    const version = await db.prisma.modelVersion.create({ data: { modelId: model.id, version: 1, status: "READY", architecture: "x", artifactPath: "/scripted" } });
    await db.prisma.modelLabel.create({ data: { modelId: model.id, name: "stable", versionId: version.id } });

    // The scripted engine worker holds every request until the test answers it.
    const held = new Map<string, Msg>();
    const subscription = nats.subscribe(engineSubjects(subject).translate, {
      queue: WORKER_QUEUE_GROUP,
      callback: (_error, message) => {
        held.set((message.json() as { texts: string[] }).texts[0]!, message);
      },
    });
    const answer = (text: string) =>
      held.get(text)!.respond(JSON.stringify({ ok: true, worker: "scripted", translations: [{ text: text.toUpperCase(), inputTokens: 1, outputTokens: 1 }] }));

    const platform = await startPlatform({
      DATABASE_URL: db.url,
      NATS_URL,
      PARLEY_NATS_SUBJECT: subject,
      PARLEY_ENGINE_TIMEOUT_MS: "120000",
      PARLEY_DRAIN_TIMEOUT_MS: String(DRAIN_TIMEOUT_MS),
      PARLEY_ADMIN_KEY: generateApiKey(),
      PARLEY_BOOTSTRAP_CORPUS: "none",
      PARLEY_TRAINING_CONCURRENCY: "0",
      PARLEY_DATA_DIR: dataDir,
    });
    // Distinct lengths, so the billed characters say which requests were billed.
    const finishing = ["a".repeat(11), "b".repeat(12), "c".repeat(13), "d".repeat(14)];
    const cut = ["e".repeat(21), "f".repeat(22), "g".repeat(23), "h".repeat(24)];
    const outcomes = new Map<string, Promise<ClientOutcome>>();
    for (const text of [...finishing, ...cut]) {
      outcomes.set(text, send(`${platform.url}/graphql`, key, text));
    }
    for (let waited = 0; held.size < 8; waited += 20) {
      if (waited > 30_000) throw new Error(`only ${held.size} of 8 translations reached the engine`);
      await sleep(20);
    }

    const signalled = Date.now();
    const exited = platform.kill("SIGTERM");
    await sleep(500);
    for (const text of finishing) answer(text);
    // The others answer only once their clients were cut (they must then be released, not billed).
    const cutOutcomes = await Promise.all(cut.map((text) => outcomes.get(text)!));
    const cutAfterMs = Date.now() - signalled;
    for (const text of cut) answer(text);
    await nats.flush();
    const exitCode = await exited;
    const exitedAfterMs = Date.now() - signalled;
    subscription.unsubscribe();

    const finished = await Promise.all(finishing.map((text) => outcomes.get(text)!));
    for (const outcome of finished) {
      expect(outcome.status).toBe(200);
      expect(outcome.body?.data?.translate?.translations[0]?.text).toBe(outcome.text.toUpperCase());
    }
    for (const outcome of cutOutcomes) expect(outcome.body?.data?.translate).toBeUndefined();

    const rows = await db.prisma.usageRecord.findMany({ where: { tenantId: tenant.id } });
    const counter = await db.prisma.usageCounter.findFirstOrThrow({ where: { tenantId: tenant.id } });
    const billed = rows.filter((row) => row.status === "SUCCEEDED");
    const delivered = [...finished, ...cutOutcomes].filter((outcome) => outcome.status === 200 && outcome.body?.data?.translate);
    expect(rows.filter((row) => row.status === "RESERVED")).toHaveLength(0);
    expect(billed.map((row) => row.inputCharacters).sort()).toEqual(delivered.map((outcome) => outcome.text.length).sort());
    expect(Number(counter.characters)).toBe(billed.reduce((sum, row) => sum + row.inputCharacters, 0));
    expect(counter.requests).toBe(billed.length);
    expect(cutAfterMs).toBeGreaterThanOrEqual(DRAIN_TIMEOUT_MS - 100);
    expect(cutAfterMs).toBeLessThan(DRAIN_TIMEOUT_MS + 3_000);
    expect(exitCode).toBe(0);
    expect(exitedAfterMs).toBeLessThan(DRAIN_TIMEOUT_MS + 10_000);
  }, 120_000);
});

/** One translation over its own HTTP request; a cut connection is an outcome, not a failure. */
async function send(url: string, key: string, text: string): Promise<ClientOutcome> {
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      body: JSON.stringify({ query: TRANSLATE, variables: { input: { model: "slow-en-fr", texts: [text] } } }),
    });
    return { text, status: response.status, body: (await response.json()) as ClientOutcome["body"] };
  } catch (error) {
    return { text, error: String(error) };
  }
}
