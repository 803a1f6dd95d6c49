import type { Database } from "../db/client.js";
import type { Prisma, UsageRecord } from "../db/generated/client.js";
import type { SqlPools } from "../db/sql-pool.js";
import { BatchQueue } from "./batch-queue.js";
import { findByIdempotencyKeys, reserveBatch, settleBatch } from "./ledger-batches.js";

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

/**
 * Seconds a reservation outlives its last renewal. The gateway working on it renews it every
 * RESERVATION_RENEW_MS; past the lease the gateway is presumed dead and the row is released (by the sweeper,
 * or by a retry with the same idempotency key, which then runs anew).
 */
export const RESERVATION_LEASE_SECONDS = 15;
export const RESERVATION_RENEW_MS = 5_000;

export type ReserveOutcome = { kind: "reserved"; reservation: Reservation } | { kind: "quota_exceeded" } | { kind: "duplicate" };

export interface Settlement {
  outputCharacters: number;
  inputTokens: number;
  outputTokens: number;
  latencyMs: number;
  /** Kept for idempotent replays; null when the request cannot be replayed (no idempotency key). */
  response: Prisma.InputJsonValue | null;
}

/**
 * The `counter` CTE of a reservation: raises the tenant's month counter ($1 tenant id, $2 period, $3 characters) by
 * one request and $3 characters only if that stays within its quota, returning a row only then. A reservation
 * inserts its RESERVED ledger row `FROM counter`, so over the quota nothing at all is written.
 */
export const QUOTA_COUNTER_CTE = `counter AS (
  INSERT INTO "UsageCounter" AS c ("tenantId", "period", "characters", "requests")
  SELECT t."id", $2::date, $3, 1 FROM "Tenant" t
  WHERE t."id" = $1::uuid AND $3 <= t."monthlyCharacterQuota"
  ON CONFLICT ("tenantId", "period") DO UPDATE
    SET "characters" = c."characters" + EXCLUDED."characters", "requests" = c."requests" + 1
    WHERE c."characters" + EXCLUDED."characters" <= (SELECT "monthlyCharacterQuota" FROM "Tenant" WHERE "id" = c."tenantId")
  RETURNING c."characters"
)`;

/**
 * The billing ledger (on the pg pool: it is the hot path). A request reserves its characters in one SQL statement
 * (so one transaction): the month's counter row is upserted and raised only if
 * the raise stays within the tenant's quota, and the RESERVED ledger row is
 * inserted from that same statement. Concurrent requests serialise on the
 * counter row, so the quota can never be overshot.
 *
 * Reservations and settlements are group-committed (BatchQueue, which also batches idempotency-key lookups): those that arrive while one batch is written go
 * together in the next statement, so concurrent requests share one round trip and, for settlements, one WAL flush.
 * Each caller still gets its own outcome only once its row is written: a response is never billed by a settlement
 * that did not commit. A batch decides only what it can decide alone; the rest runs row by row, in order, through the
 * single-row statements (a tenant whose requests do not fit its quota together, a duplicate idempotency key).
 */
export class UsageLedger {
  readonly #reservations: BatchQueue<ReserveRequest, ReserveOutcome>;
  readonly #settlements: BatchQueue<{ reservation: Reservation; settlement: Settlement }, boolean>;
  readonly #lookups: BatchQueue<{ tenantId: string; idempotencyKey: string }, UsageRecord | null>;

  constructor(
    private readonly prisma: Database,
    private readonly sql: SqlPools,
  ) {
    this.#reservations = new BatchQueue((requests) => this.#reserveBatch(requests));
    this.#settlements = new BatchQueue((items) => this.#settleBatch(items));
    this.#lookups = new BatchQueue((keys) => findByIdempotencyKeys(this.sql.relaxed, keys));
  }

  /** Reserves the request's characters within the tenant's quota, inserting its RESERVED row (group-committed). */
  reserve(request: ReserveRequest): Promise<ReserveOutcome> {
    return this.#reservations.submit(request);
  }

  async #reserveBatch(requests: ReserveRequest[]): Promise<ReserveOutcome[]> {
    if (requests.length === 1) return [await this.#reserveOne(requests[0]!)];
    let batch: Awaited<ReturnType<typeof reserveBatch>>;
    try {
      batch = await reserveBatch(this.sql.relaxed, requests, RESERVATION_LEASE_SECONDS);
    } catch (error) {
      if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
      batch = requests.map(() => "group_over_quota"); // a duplicate key in the batch: decide each on its own
    }
    const outcomes: ReserveOutcome[] = [];
    for (const [index, request] of requests.entries()) {
      const reserved = batch[index]!;
      outcomes.push(
        reserved === "group_over_quota"
          ? await this.#reserveOne(request)
          : { kind: "reserved", reservation: { recordId: reserved.id, tenantId: request.tenantId, characters: request.characters } },
      );
    }
    return outcomes;
  }

  async #reserveOne(request: ReserveRequest): Promise<ReserveOutcome> {
    const { tenantId, apiKeyId, modelVersionId, characters, idempotencyKey, period } = request;
    try {
      const { rows } = await this.sql.relaxed.query<{ id: string }>(
        `WITH ${QUOTA_COUNTER_CTE}
         INSERT INTO "UsageRecord"
           ("id", "tenantId", "apiKeyId", "modelVersionId", "kind", "status", "inputCharacters", "idempotencyKey", "period",
            "createdAt", "leaseExpiresAt")
         SELECT gen_random_uuid(), $1::uuid, $4::uuid, $5::uuid,
           'TRANSLATION'::"UsageKind", 'RESERVED'::"UsageStatus", $3, $6, $2::date, now() AT TIME ZONE 'UTC',
           (now() AT TIME ZONE 'UTC') + make_interval(secs => $7)
         FROM counter
         RETURNING "id"`,
        [tenantId, isoDate(period), characters, apiKeyId, modelVersionId, idempotencyKey, RESERVATION_LEASE_SECONDS],
      );
      const row = rows[0];
      if (!row) return { kind: "quota_exceeded" };
      return { kind: "reserved", reservation: { recordId: row.id, tenantId, characters } };
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) return { kind: "duplicate" };
      throw error;
    }
  }

  /**
   * RESERVED → SUCCEEDED, with the response stored for idempotent replays. True when this call (or an earlier
   * attempt of it whose answer was lost) billed the row; false when the row was no longer RESERVED (released by
   * the sweeper or taken over by a retry): then nothing is billed.
   */
  settle(reservation: Reservation, settlement: Settlement): Promise<boolean> {
    return this.#settlements.submit({ reservation, settlement });
  }

  async #settleBatch(items: { reservation: Reservation; settlement: Settlement }[]): Promise<boolean[]> {
    if (items.length === 1) return [await this.#settleOne(items[0]!.reservation, items[0]!.settlement)];
    const billed = await settleBatch(this.sql.durable, items.map(({ reservation, settlement }) => ({ recordId: reservation.recordId, settlement })));
    return Promise.all(items.map((item, index) => billed[index] || this.#settledEarlier(item.reservation)));
  }

  async #settleOne(reservation: Reservation, settlement: Settlement): Promise<boolean> {
    const { rowCount } = await this.sql.durable.query(
      `UPDATE "UsageRecord" SET "status" = 'SUCCEEDED'::"UsageStatus", "settledAt" = now() AT TIME ZONE 'UTC',
         "outputCharacters" = $2, "inputTokens" = $3, "outputTokens" = $4, "latencyMs" = $5, "response" = $6::jsonb,
         "leaseExpiresAt" = NULL
       WHERE "id" = $1::uuid AND "status" = 'RESERVED'::"UsageStatus"`,
      [
        reservation.recordId,
        settlement.outputCharacters,
        settlement.inputTokens,
        settlement.outputTokens,
        settlement.latencyMs,
        settlement.response === null ? null : JSON.stringify(settlement.response),
      ],
    );
    return rowCount === 1 || this.#settledEarlier(reservation);
  }

  /**
   * RESERVED → SUCCEEDED for fewer characters than were reserved (a stream whose client left after some sentences):
   * the row bills `characters` and the month's counter gets the rest back, in one statement. True when billed.
   */
  async settleShort(reservation: Reservation, characters: number, settlement: Settlement): Promise<boolean> {
    const billed = Math.max(0, Math.min(characters, reservation.characters));
    const { rows } = await this.sql.durable.query<{ settled: string }>(
      `WITH settled AS (
         UPDATE "UsageRecord" SET "status" = 'SUCCEEDED'::"UsageStatus", "settledAt" = now() AT TIME ZONE 'UTC',
           "inputCharacters" = $2, "outputCharacters" = $3, "inputTokens" = $4, "outputTokens" = $5, "latencyMs" = $6,
           "leaseExpiresAt" = NULL
         WHERE "id" = $1::uuid AND "status" = 'RESERVED'::"UsageStatus"
         RETURNING "tenantId", "period"
       ), counters AS (
         UPDATE "UsageCounter" c SET "characters" = c."characters" - ($7::int - $2::int)
         FROM settled s WHERE c."tenantId" = s."tenantId" AND c."period" = s."period"
       )
       SELECT count(*) AS settled FROM settled`,
      [reservation.recordId, billed, settlement.outputCharacters, settlement.inputTokens, settlement.outputTokens, settlement.latencyMs, reservation.characters],
    );
    return Number(rows[0]?.settled ?? 0) === 1 || this.#settledEarlier(reservation);
  }

  /** An earlier attempt may have committed before its connection dropped. */
  async #settledEarlier(reservation: Reservation): Promise<boolean> {
    const { rows } = await this.sql.durable.query<{ status: string }>(`SELECT "status" FROM "UsageRecord" WHERE "id" = $1::uuid`, [
      reservation.recordId,
    ]);
    return rows[0]?.status === "SUCCEEDED";
  }

  /** Extends a RESERVED row's lease; false when it is no longer RESERVED. */
  async renew(reservation: Reservation): Promise<boolean> {
    const { rowCount } = await this.sql.relaxed.query(
      `UPDATE "UsageRecord" SET "leaseExpiresAt" = (now() AT TIME ZONE 'UTC') + make_interval(secs => $2)
       WHERE "id" = $1::uuid AND "status" = 'RESERVED'::"UsageStatus"`,
      [reservation.recordId, RESERVATION_LEASE_SECONDS],
    );
    return rowCount === 1;
  }

  /**
   * Marks the row FAILED, gives its characters back to the counter and frees
   * its idempotency key for a retry: a failed translation bills nothing.
   */
  async release(reservation: Reservation): Promise<void> {
    await this.releaseWhere(`"id" = $1::uuid`, [reservation.recordId]);
  }

  /**
   * Releases the row holding this idempotency key if its lease expired (its gateway died), so a retry can run
   * anew. True when it did.
   */
  async releaseExpiredHolder(tenantId: string, idempotencyKey: string): Promise<boolean> {
    const released = await this.releaseWhere(
      `"tenantId" = $1::uuid AND "idempotencyKey" = $2 AND "leaseExpiresAt" < now() AT TIME ZONE 'UTC'`,
      [tenantId, idempotencyKey],
    );
    return released > 0;
  }

  /**
   * Releases the translation reservations whose lease expired (their gateway died between reserving and
   * settling), so they bill nothing and give their characters back. Returns how many rows were released.
   */
  releaseExpired(): Promise<number> {
    return this.releaseWhere(`"kind" = 'TRANSLATION'::"UsageKind" AND "leaseExpiresAt" < now() AT TIME ZONE 'UTC'`, []);
  }

  /**
   * RESERVED rows matching `condition` → FAILED, their idempotency keys freed and their characters and
   * requests taken off the month's counter, in one statement. Returns the number of rows released.
   */
  private async releaseWhere(condition: string, values: unknown[]): Promise<number> {
    const { rows } = await this.sql.durable.query<{ released: string }>(
      `WITH released AS (
         UPDATE "UsageRecord"
         SET "status" = 'FAILED'::"UsageStatus", "idempotencyKey" = NULL, "settledAt" = now() AT TIME ZONE 'UTC',
           "leaseExpiresAt" = NULL
         WHERE "status" = 'RESERVED'::"UsageStatus" AND ${condition}
         RETURNING "tenantId", "period", "inputCharacters"
       ), totals AS (
         SELECT "tenantId", "period", sum("inputCharacters") AS characters, count(*) AS requests
         FROM released GROUP BY "tenantId", "period"
       ), counters AS (
         UPDATE "UsageCounter" c
         SET "characters" = c."characters" - t.characters, "requests" = c."requests" - t.requests
         FROM totals t
         WHERE c."tenantId" = t."tenantId" AND c."period" = t."period"
       )
       SELECT count(*) AS released FROM released`,
      values,
    );
    return Number(rows[0]?.released ?? 0);
  }

  /** The row holding this idempotency key, if any (every translate with a key asks: batched, on the pg pool). */
  findByIdempotencyKey(tenantId: string, idempotencyKey: string): Promise<UsageRecord | null> {
    return this.#lookups.submit({ tenantId, idempotencyKey });
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
