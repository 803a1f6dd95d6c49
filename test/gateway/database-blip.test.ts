import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger, type EmbeddedServer, migrateDatabase, startEmbeddedPostgres } from "@parley/server";
import { billingPeriod, createScratchDatabase, createSqlPools, type ScratchDatabase, UsageLedger } from "@parley/server/testing";
import { createDelayedEngine } from "../support/delayed-engine.js";
import { errorCode, graphql, startTestGateway, type TestGateway } from "../support/gateway.js";
import { ledgerSettled } from "../support/ledger.js";

const TRANSLATE = `mutation T($input: TranslateInput!) { translate(input: $input) { translations { text } replayed } }`;
const ENGINE_MS = 1_500;

/**
 * PostgreSQL stopped and started under load. The shared test server cannot be restarted without hurting
 * other tests, so this file runs its own (embedded) PostgreSQL on a port of its own.
 */
describe("a PostgreSQL restart under load", () => {
  let dataDir: string;
  let port: number;
  let postgres: EmbeddedServer;
  let db: ScratchDatabase;
  let gateway: TestGateway;
  const logger = createLogger("warn");

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "parley-blip-"));
    await chmod(dataDir, 0o755); // run as root, PostgreSQL runs as the postgres user
    port = 56_000 + Math.floor(Math.random() * 4_000);
    postgres = await startEmbeddedPostgres(dataDir, port, logger);
    db = await createScratchDatabase(postgres.serverUrl, { prefix: "parley_blip" });
    await migrateDatabase(db.url);
    gateway = await startTestGateway({ db, engine: createDelayedEngine(ENGINE_MS) });
    await gateway.publishTinyModel("tiny-en-fr", { artifactPath: "/unused-by-the-delayed-engine" });
  });
  afterAll(async () => {
    await gateway?.stop();
    await db?.drop();
    await postgres?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const translate = (key: string, text: string, idempotencyKey: string) =>
    graphql(gateway.graphqlUrl, TRANSLATE, { input: { model: "tiny-en-fr", texts: [text], idempotencyKey } }, key);

  const ledgerAndCounter = async (tenantId: string) => {
    const rows = await db.prisma.usageRecord.groupBy({ by: ["status"], where: { tenantId }, _sum: { inputCharacters: true }, _count: true });
    const counter = await db.prisma.usageCounter.findFirst({ where: { tenantId } });
    const succeeded = rows.find((row) => row.status === "SUCCEEDED");
    return {
      reserved: rows.find((row) => row.status === "RESERVED")?._count ?? 0,
      billedCharacters: succeeded?._sum.inputCharacters ?? 0,
      billedRequests: succeeded?._count ?? 0,
      counterCharacters: Number(counter?.characters ?? 0),
      counterRequests: counter?.requests ?? 0,
    };
  };

  it("strands no reservation: translations in flight settle after the restart, and the ledger equals the counter", async () => {
    const { tenantId, key } = await gateway.createTenantWithKey({ maxConcurrentRequests: 20 });
    const texts = Array.from({ length: 6 }, (_, index) => `sentence number ${index}`);
    const inFlight = texts.map((text, index) => translate(key, text, `blip-${index}`));
    // Every request has reserved (its row is RESERVED) and is in the engine when PostgreSQL goes down.
    for (let waited = 0; (await db.prisma.usageRecord.count({ where: { tenantId, status: "RESERVED" } })) < texts.length; waited += 20) {
      if (waited > 10_000) throw new Error("the translations did not all reserve");
      await sleep(20);
    }
    await db.prisma.$disconnect();
    await postgres.stop();

    const duringOutage = await translate(key, "sent while the database is down", "blip-outage");
    expect(duringOutage.status).toBe(503);
    expect(errorCode(duringOutage)).toBe("SERVICE_UNAVAILABLE");
    expect(duringOutage.headers.get("retry-after")).toBe("1");

    await sleep(ENGINE_MS + 500);
    postgres = await startEmbeddedPostgres(dataDir, port, logger);
    const responses = await Promise.all(inFlight);
    await ledgerSettled(db.prisma, tenantId, 30_000);

    const delivered = responses.filter((response) => response.status === 200 && response.data?.translate);
    const totals = await ledgerAndCounter(tenantId);
    expect(totals.reserved).toBe(0);
    expect(totals.billedCharacters).toBe(totals.counterCharacters);
    expect(totals.billedRequests).toBe(totals.counterRequests);
    // Every answer was delivered (the database is not needed to deliver it) and billed once PostgreSQL was back.
    expect(delivered).toHaveLength(texts.length);
    expect(totals.billedRequests).toBe(texts.length);

    // The request refused during the outage runs now, with the same key.
    const retried = await translate(key, "sent while the database is down", "blip-outage");
    expect(retried.errors).toBeUndefined();
  }, 90_000);

  it("lets a retry take over the key of a reservation whose gateway died, well before the sweep", async () => {
    const { tenantId, key } = await gateway.createTenantWithKey();
    // Another gateway reserved this request, then died: it never settles nor renews the lease.
    const sql = createSqlPools(db.url);
    const deadGateway = new UsageLedger(db.prisma, sql);
    const model = await db.prisma.modelVersion.findFirstOrThrow();
    const apiKey = await db.prisma.apiKey.findFirstOrThrow({ where: { tenantId } });
    const text = "a request whose gateway died";
    const outcome = await deadGateway.reserve({
      tenantId,
      apiKeyId: apiKey.id,
      modelVersionId: model.id,
      characters: [...text].length,
      idempotencyKey: "dead-owner",
      period: billingPeriod(),
    });
    expect(outcome.kind).toBe("reserved");
    await sql.end();

    const started = Date.now();
    const retried = await translate(key, text, "dead-owner");
    expect(retried.errors).toBeUndefined();
    expect(retried.data?.translate.replayed).toBe(false);
    expect(Date.now() - started).toBeLessThan(25_000);
    await ledgerSettled(db.prisma, tenantId);
    const totals = await ledgerAndCounter(tenantId);
    expect(totals).toMatchObject({ reserved: 0, billedRequests: 1, counterRequests: 1 });
    expect(totals.billedCharacters).toBe(totals.counterCharacters);
  }, 60_000);
});
