import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../test/support/database.js";
import { createSqlPools, type SqlPools } from "../src/db/sql-pool.js";
import { billingPeriod } from "../src/limits/billing-period.js";
import { UsageLedger, type Reservation } from "../src/limits/usage-ledger.js";

describe("usage ledger", () => {
  let db: TestDatabase;
  let sql: SqlPools;
  let ledger: UsageLedger;
  let tenantId: string;
  let versionId: string;
  const period = billingPeriod();

  beforeAll(async () => {
    db = await createTestDatabase();
    sql = createSqlPools(db.url);
    ledger = new UsageLedger(db.prisma, sql);
    tenantId = (await db.prisma.tenant.create({ data: { name: "ledger", monthlyCharacterQuota: 100n } })).id;
    const model = await db.prisma.model.create({ data: { name: "m", sourceLanguage: "en", targetLanguage: "fr" } });
    versionId = (await db.prisma.modelVersion.create({ data: { modelId: model.id, version: 1, architecture: "x" } })).id;
  });
  afterAll(async () => {
    await sql.end();
    await db.drop();
  });

  const reserve = (characters: number, idempotencyKey: string | null = null) =>
    ledger.reserve({ tenantId, apiKeyId: null as unknown as string, modelVersionId: versionId, characters, idempotencyKey, period });
  const counter = async () => db.prisma.usageCounter.findUnique({ where: { tenantId_period: { tenantId, period } } });

  it("refuses a first request larger than the whole quota without creating rows", async () => {
    expect(await reserve(101)).toEqual({ kind: "quota_exceeded" });
    expect(await counter()).toBeNull();
    expect(await db.prisma.usageRecord.count()).toBe(0);
  });

  it("reserves up to the quota exactly, then refuses", async () => {
    const first = await reserve(60);
    const second = await reserve(40);
    expect(first.kind).toBe("reserved");
    expect(second.kind).toBe("reserved");
    expect(await reserve(1)).toEqual({ kind: "quota_exceeded" });
    expect(Number((await counter())!.characters)).toBe(100);

    await ledger.release((first as { reservation: Reservation }).reservation);
    await ledger.release((first as { reservation: Reservation }).reservation); // twice: released once
    expect(Number((await counter())!.characters)).toBe(40);
    expect((await counter())!.requests).toBe(1);
    expect((await reserve(60)).kind).toBe("reserved");
  });

  it("detects a duplicate idempotency key without touching the counter, and frees it on release", async () => {
    await db.prisma.tenant.update({ where: { id: tenantId }, data: { monthlyCharacterQuota: 1000n } });
    const before = Number((await counter())!.characters);
    const first = await reserve(5, "k1");
    expect(first.kind).toBe("reserved");
    expect(await reserve(5, "k1")).toEqual({ kind: "duplicate" });
    expect(Number((await counter())!.characters)).toBe(before + 5);
    await ledger.release((first as { reservation: Reservation }).reservation);
    expect(await ledger.findByIdempotencyKey(tenantId, "k1")).toBeNull();
    expect((await reserve(5, "k1")).kind).toBe("reserved");
  });

  it("settles with the response and UTC timestamps", async () => {
    const outcome = await reserve(3, "k2");
    const reservation = (outcome as { reservation: Reservation }).reservation;
    await ledger.settle(reservation, { outputCharacters: 4, inputTokens: 2, outputTokens: 3, latencyMs: 7, response: { ok: true } });
    const row = await db.prisma.usageRecord.findUniqueOrThrow({ where: { id: reservation.recordId } });
    expect(row).toMatchObject({ status: "SUCCEEDED", outputCharacters: 4, inputTokens: 2, outputTokens: 3, latencyMs: 7, response: { ok: true } });
    expect(Math.abs(row.createdAt.getTime() - Date.now())).toBeLessThan(60_000);
    expect(Math.abs(row.settledAt!.getTime() - Date.now())).toBeLessThan(60_000);
  });

  it("releases reservations abandoned by a gateway that died, and only those", async () => {
    const before = Number((await counter())!.characters);
    const abandoned = (await reserve(7)) as { reservation: Reservation };
    const fresh = (await reserve(2)) as { reservation: Reservation };
    await db.prisma.usageRecord.update({
      where: { id: abandoned.reservation.recordId },
      data: { createdAt: new Date(Date.now() - 3600_000) },
    });
    expect(await ledger.releaseStale(15)).toBe(1);
    expect(Number((await counter())!.characters)).toBe(before + 2);
    const rows = await db.prisma.usageRecord.findMany({ where: { id: { in: [abandoned.reservation.recordId, fresh.reservation.recordId] } } });
    expect(Object.fromEntries(rows.map((row) => [row.id, row.status]))).toEqual({
      [abandoned.reservation.recordId]: "FAILED",
      [fresh.reservation.recordId]: "RESERVED",
    });
  });
});
