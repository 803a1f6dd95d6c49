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

  it("settles only a RESERVED row: a released one stays released and is not billed", async () => {
    const before = Number((await counter())!.characters);
    const { reservation } = (await reserve(4, "k3")) as { reservation: Reservation };
    await ledger.release(reservation);
    const settled = await ledger.settle(reservation, { outputCharacters: 1, inputTokens: 1, outputTokens: 1, latencyMs: 1, response: {} });
    expect(settled).toBe(false);
    expect((await db.prisma.usageRecord.findUniqueOrThrow({ where: { id: reservation.recordId } })).status).toBe("FAILED");
    expect(Number((await counter())!.characters)).toBe(before);
    const again = (await reserve(4, "k4")) as { reservation: Reservation };
    const response = { outputCharacters: 1, inputTokens: 1, outputTokens: 1, latencyMs: 1, response: {} };
    expect(await ledger.settle(again.reservation, response)).toBe(true);
    expect(await ledger.settle(again.reservation, response)).toBe(true); // a retried settlement whose first answer was lost
  });

  it("releases reservations whose lease expired (their gateway died), counting rows, and only those", async () => {
    const before = Number((await counter())!.characters);
    const abandoned = (await reserve(7)) as { reservation: Reservation };
    const abandonedToo = (await reserve(1)) as { reservation: Reservation };
    const fresh = (await reserve(2)) as { reservation: Reservation };
    const expired = [abandoned.reservation.recordId, abandonedToo.reservation.recordId];
    await db.prisma.$executeRaw`UPDATE "UsageRecord" SET "createdAt" = now() - interval '1 hour', "leaseExpiresAt" = now() AT TIME ZONE 'UTC' - interval '1 second' WHERE "id" = ANY(${expired}::uuid[])`;
    expect(await ledger.releaseExpired()).toBe(2);
    expect(Number((await counter())!.characters)).toBe(before + 2);
    const rows = await db.prisma.usageRecord.findMany({ where: { id: { in: [...expired, fresh.reservation.recordId] } } });
    expect(Object.fromEntries(rows.map((row) => [row.id, row.status]))).toEqual({
      [abandoned.reservation.recordId]: "FAILED",
      [abandonedToo.reservation.recordId]: "FAILED",
      [fresh.reservation.recordId]: "RESERVED",
    });
    expect(await ledger.renew(fresh.reservation)).toBe(true);
    expect(await ledger.renew(abandoned.reservation)).toBe(false);
  });

  it("frees an idempotency key held by an expired reservation, not by a live one", async () => {
    const live = (await reserve(3, "held")) as { reservation: Reservation };
    expect(await ledger.releaseExpiredHolder(tenantId, "held")).toBe(false);
    await db.prisma.$executeRaw`UPDATE "UsageRecord" SET "leaseExpiresAt" = now() AT TIME ZONE 'UTC' - interval '1 second' WHERE "id" = ${live.reservation.recordId}::uuid`;
    expect(await ledger.releaseExpiredHolder(tenantId, "held")).toBe(true);
    expect((await reserve(3, "held")).kind).toBe("reserved");
  });
});
