import type { Database } from "../db/client.js";
import { Prisma, type UsageRecord } from "../db/generated/client.js";

export interface Reservation {
  recordId: string;
  tenantId: string;
  characters: number;
}

export interface ReserveRequest {
  tenantId: string;
  apiKeyId: string;
  modelVersionId: string;
  characters: number;
  idempotencyKey: string | null;
  period: Date;
}

export type ReserveOutcome = { kind: "reserved"; reservation: Reservation } | { kind: "quota_exceeded" } | { kind: "duplicate" };

export interface Settlement {
  outputCharacters: number;
  inputTokens: number;
  outputTokens: number;
  latencyMs: number;
  response: Prisma.InputJsonValue;
}

/**
 * The billing ledger. A request reserves its characters in one SQL statement
 * (so one transaction): the month's counter row is upserted and raised only if
 * the raise stays within the tenant's quota, and the RESERVED ledger row is
 * inserted from that same statement. Concurrent requests serialise on the
 * counter row, so the quota can never be overshot.
 */
export class UsageLedger {
  constructor(private readonly prisma: Database) {}

  async reserve(request: ReserveRequest): Promise<ReserveOutcome> {
    const { tenantId, apiKeyId, modelVersionId, characters, idempotencyKey, period } = request;
    try {
      const rows = await this.prisma.$queryRaw<{ id: string }[]>`
        WITH counter AS (
          INSERT INTO "UsageCounter" AS c ("tenantId", "period", "characters", "requests")
          SELECT t."id", ${period}::date, ${characters}, 1 FROM "Tenant" t
          WHERE t."id" = ${tenantId}::uuid AND ${characters} <= t."monthlyCharacterQuota"
          ON CONFLICT ("tenantId", "period") DO UPDATE
            SET "characters" = c."characters" + EXCLUDED."characters", "requests" = c."requests" + 1
            WHERE c."characters" + EXCLUDED."characters"
              <= (SELECT "monthlyCharacterQuota" FROM "Tenant" WHERE "id" = c."tenantId")
          RETURNING c."characters"
        )
        INSERT INTO "UsageRecord"
          ("id", "tenantId", "apiKeyId", "modelVersionId", "kind", "status", "inputCharacters", "idempotencyKey", "period")
        SELECT gen_random_uuid(), ${tenantId}::uuid, ${apiKeyId}::uuid, ${modelVersionId}::uuid,
          'TRANSLATION'::"UsageKind", 'RESERVED'::"UsageStatus", ${characters}, ${idempotencyKey}, ${period}::date
        FROM counter
        RETURNING "id"`;
      const row = rows[0];
      if (!row) return { kind: "quota_exceeded" };
      return { kind: "reserved", reservation: { recordId: row.id, tenantId, characters } };
    } catch (error) {
      if (isUniqueViolation(error)) return { kind: "duplicate" };
      throw error;
    }
  }

  async settle(reservation: Reservation, settlement: Settlement): Promise<void> {
    await this.prisma.usageRecord.update({
      where: { id: reservation.recordId },
      data: { status: "SUCCEEDED", settledAt: new Date(), ...settlement },
    });
  }

  /**
   * Marks the row FAILED, gives its characters back to the counter and frees
   * its idempotency key for a retry: a failed translation bills nothing.
   */
  async release(reservation: Reservation): Promise<void> {
    await this.prisma.$executeRaw`
      WITH released AS (
        UPDATE "UsageRecord" SET "status" = 'FAILED'::"UsageStatus", "idempotencyKey" = NULL, "settledAt" = now()
        WHERE "id" = ${reservation.recordId}::uuid AND "status" = 'RESERVED'::"UsageStatus"
        RETURNING "tenantId", "period", "inputCharacters"
      )
      UPDATE "UsageCounter" c
      SET "characters" = c."characters" - r."inputCharacters", "requests" = c."requests" - 1
      FROM released r
      WHERE c."tenantId" = r."tenantId" AND c."period" = r."period"`;
  }

  findByIdempotencyKey(tenantId: string, idempotencyKey: string): Promise<UsageRecord | null> {
    return this.prisma.usageRecord.findUnique({ where: { tenantId_idempotencyKey: { tenantId, idempotencyKey } } });
  }

  async charactersUsed(tenantId: string, period: Date): Promise<number> {
    const counter = await this.prisma.usageCounter.findUnique({ where: { tenantId_period: { tenantId, period } } });
    return Number(counter?.characters ?? 0n);
  }
}

function isUniqueViolation(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    return error.code === "P2002" || (error.code === "P2010" && String(error.meta?.code) === "23505");
  }
  return /23505|unique constraint/i.test(String((error as Error)?.message ?? ""));
}
