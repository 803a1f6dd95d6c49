import type { Database } from "../db/client.js";
import type { Prisma, UsageRecord } from "../db/generated/client.js";
import type { SqlPools } from "../db/sql-pool.js";

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
 * The billing ledger (on the pg pool: it is the hot path). A request reserves its characters in one SQL statement
 * (so one transaction): the month's counter row is upserted and raised only if
 * the raise stays within the tenant's quota, and the RESERVED ledger row is
 * inserted from that same statement. Concurrent requests serialise on the
 * counter row, so the quota can never be overshot.
 */
export class UsageLedger {
  constructor(
    private readonly prisma: Database,
    private readonly sql: SqlPools,
  ) {}

  async reserve(request: ReserveRequest): Promise<ReserveOutcome> {
    const { tenantId, apiKeyId, modelVersionId, characters, idempotencyKey, period } = request;
    try {
      const { rows } = await this.sql.relaxed.query<{ id: string }>(
        `WITH counter AS (
           INSERT INTO "UsageCounter" AS c ("tenantId", "period", "characters", "requests")
           SELECT t."id", $2::date, $3, 1 FROM "Tenant" t
           WHERE t."id" = $1::uuid AND $3 <= t."monthlyCharacterQuota"
           ON CONFLICT ("tenantId", "period") DO UPDATE
             SET "characters" = c."characters" + EXCLUDED."characters", "requests" = c."requests" + 1
             WHERE c."characters" + EXCLUDED."characters"
               <= (SELECT "monthlyCharacterQuota" FROM "Tenant" WHERE "id" = c."tenantId")
           RETURNING c."characters"
         )
         INSERT INTO "UsageRecord"
           ("id", "tenantId", "apiKeyId", "modelVersionId", "kind", "status", "inputCharacters", "idempotencyKey", "period", "createdAt")
         SELECT gen_random_uuid(), $1::uuid, $4::uuid, $5::uuid,
           'TRANSLATION'::"UsageKind", 'RESERVED'::"UsageStatus", $3, $6, $2::date, now() AT TIME ZONE 'UTC'
         FROM counter
         RETURNING "id"`,
        [tenantId, isoDate(period), characters, apiKeyId, modelVersionId, idempotencyKey],
      );
      const row = rows[0];
      if (!row) return { kind: "quota_exceeded" };
      return { kind: "reserved", reservation: { recordId: row.id, tenantId, characters } };
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) return { kind: "duplicate" };
      throw error;
    }
  }

  async settle(reservation: Reservation, settlement: Settlement): Promise<void> {
    await this.sql.durable.query(
      `UPDATE "UsageRecord" SET "status" = 'SUCCEEDED'::"UsageStatus", "settledAt" = now() AT TIME ZONE 'UTC',
         "outputCharacters" = $2, "inputTokens" = $3, "outputTokens" = $4, "latencyMs" = $5, "response" = $6::jsonb
       WHERE "id" = $1::uuid`,
      [
        reservation.recordId,
        settlement.outputCharacters,
        settlement.inputTokens,
        settlement.outputTokens,
        settlement.latencyMs,
        JSON.stringify(settlement.response),
      ],
    );
  }

  /**
   * Marks the row FAILED, gives its characters back to the counter and frees
   * its idempotency key for a retry: a failed translation bills nothing.
   */
  async release(reservation: Reservation): Promise<void> {
    await this.sql.durable.query(
      `WITH released AS (
         UPDATE "UsageRecord"
         SET "status" = 'FAILED'::"UsageStatus", "idempotencyKey" = NULL, "settledAt" = now() AT TIME ZONE 'UTC'
         WHERE "id" = $1::uuid AND "status" = 'RESERVED'::"UsageStatus"
         RETURNING "tenantId", "period", "inputCharacters"
       )
       UPDATE "UsageCounter" c
       SET "characters" = c."characters" - r."inputCharacters", "requests" = c."requests" - 1
       FROM released r
       WHERE c."tenantId" = r."tenantId" AND c."period" = r."period"`,
      [reservation.recordId],
    );
  }

  /**
   * Releases reservations left RESERVED longer than `olderThanMinutes` (their
   * gateway died between reserving and settling), so they bill nothing and
   * give their characters back. Returns how many were released.
   */
  async releaseStale(olderThanMinutes: number): Promise<number> {
    const { rowCount } = await this.sql.durable.query(
      `WITH released AS (
         UPDATE "UsageRecord"
         SET "status" = 'FAILED'::"UsageStatus", "idempotencyKey" = NULL, "settledAt" = now() AT TIME ZONE 'UTC'
         WHERE "status" = 'RESERVED'::"UsageStatus" AND "kind" = 'TRANSLATION'::"UsageKind"
           AND "createdAt" < (now() AT TIME ZONE 'UTC') - make_interval(mins => $1)
         RETURNING "tenantId", "period", "inputCharacters"
       ), totals AS (
         SELECT "tenantId", "period", sum("inputCharacters") AS characters, count(*) AS requests
         FROM released GROUP BY "tenantId", "period"
       )
       UPDATE "UsageCounter" c
       SET "characters" = c."characters" - t.characters, "requests" = c."requests" - t.requests
       FROM totals t
       WHERE c."tenantId" = t."tenantId" AND c."period" = t."period"`,
      [olderThanMinutes],
    );
    return rowCount ?? 0;
  }

  findByIdempotencyKey(tenantId: string, idempotencyKey: string): Promise<UsageRecord | null> {
    return this.prisma.usageRecord.findUnique({ where: { tenantId_idempotencyKey: { tenantId, idempotencyKey } } });
  }

  async charactersUsed(tenantId: string, period: Date): Promise<number> {
    const counter = await this.prisma.usageCounter.findUnique({ where: { tenantId_period: { tenantId, period } } });
    return Number(counter?.characters ?? 0n);
  }
}

const UNIQUE_VIOLATION = "23505";

function isoDate(day: Date): string {
  return day.toISOString().slice(0, 10);
}
