import { randomUUID } from "node:crypto";
import type { UsageRecord } from "../db/generated/client.js";
import { toUsageRecord } from "../db/row-mapping.js";
import type { SqlPool } from "../db/sql-pool.js";
import type { ReserveRequest, Settlement } from "./usage-ledger.js";

/**
 * The ledger's batch statements: many requests' reservations, settlements or idempotency-key lookups in one
 * statement. Each answers per item; the ledger runs the single-row statements for what a batch could not decide alone.
 */

/** A reserved row's id, or `group_over_quota`: the tenant's requests of this batch did not fit its quota together. */
export type BatchReservation = { id: string } | "group_over_quota";

/**
 * Reserves a batch: per tenant and period, the month's counter is raised by the sum of its requests only if the
 * sum stays within the quota (all or none, so no order of them could overshoot), and their RESERVED rows are
 * inserted from that same statement. A duplicate idempotency key fails the whole statement (unique violation).
 */
export async function reserveBatch(sql: SqlPool, requests: readonly ReserveRequest[], leaseSeconds: number): Promise<BatchReservation[]> {
  const rows = requests.map((request) => ({
    id: randomUUID(),
    tenantId: request.tenantId,
    apiKeyId: request.apiKeyId,
    modelVersionId: request.modelVersionId,
    characters: request.characters,
    idempotencyKey: request.idempotencyKey,
    period: request.period.toISOString().slice(0, 10),
  }));
  const { rows: inserted } = await sql.query<{ id: string }>(
    `WITH requests AS (
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS r("id" uuid, "tenantId" uuid, "apiKeyId" uuid, "modelVersionId" uuid,
         "characters" int, "idempotencyKey" text, "period" date)
     ), totals AS (
       SELECT "tenantId", "period", sum("characters")::bigint AS characters, count(*)::int AS requests
       FROM requests GROUP BY "tenantId", "period"
     ), counter AS (
       INSERT INTO "UsageCounter" AS c ("tenantId", "period", "characters", "requests")
       SELECT t."tenantId", t."period", t.characters, t.requests FROM totals t JOIN "Tenant" tn ON tn."id" = t."tenantId"
       WHERE t.characters <= tn."monthlyCharacterQuota"
       ON CONFLICT ("tenantId", "period") DO UPDATE
         SET "characters" = c."characters" + EXCLUDED."characters", "requests" = c."requests" + EXCLUDED."requests"
         WHERE c."characters" + EXCLUDED."characters" <= (SELECT "monthlyCharacterQuota" FROM "Tenant" WHERE "id" = c."tenantId")
       RETURNING c."tenantId", c."period"
     )
     INSERT INTO "UsageRecord"
       ("id", "tenantId", "apiKeyId", "modelVersionId", "kind", "status", "inputCharacters", "idempotencyKey", "period",
        "createdAt", "leaseExpiresAt")
     SELECT r."id", r."tenantId", r."apiKeyId", r."modelVersionId", 'TRANSLATION'::"UsageKind", 'RESERVED'::"UsageStatus",
       r."characters", r."idempotencyKey", r."period", now() AT TIME ZONE 'UTC', (now() AT TIME ZONE 'UTC') + make_interval(secs => $2)
     FROM requests r JOIN counter k ON k."tenantId" = r."tenantId" AND k."period" = r."period"
     RETURNING "id"`,
    [JSON.stringify(rows), leaseSeconds],
  );
  const reserved = new Set(inserted.map((row) => row.id));
  return rows.map((row) => (reserved.has(row.id) ? { id: row.id } : "group_over_quota"));
}

/**
 * Settles a batch (RESERVED → SUCCEEDED, responses stored) in one statement, so one commit (one WAL flush) for all.
 * True per row it billed; false for a row no longer RESERVED (or settled by an earlier attempt: the ledger checks).
 */
export async function settleBatch(
  sql: SqlPool,
  items: readonly { recordId: string; settlement: Settlement }[],
): Promise<boolean[]> {
  const rows = items.map(({ recordId, settlement }) => ({ id: recordId, ...settlement }));
  const { rows: settled } = await sql.query<{ id: string }>(
    `UPDATE "UsageRecord" u SET "status" = 'SUCCEEDED'::"UsageStatus", "settledAt" = now() AT TIME ZONE 'UTC',
       "outputCharacters" = s."outputCharacters", "inputTokens" = s."inputTokens", "outputTokens" = s."outputTokens",
       "latencyMs" = s."latencyMs", "response" = s."response", "leaseExpiresAt" = NULL
     FROM jsonb_to_recordset($1::jsonb) AS s("id" uuid, "outputCharacters" int, "inputTokens" int, "outputTokens" int,
       "latencyMs" int, "response" jsonb)
     WHERE u."id" = s."id" AND u."status" = 'RESERVED'::"UsageStatus"
     RETURNING u."id"`,
    [JSON.stringify(rows)],
  );
  const billed = new Set(settled.map((row) => row.id));
  return items.map((item) => billed.has(item.recordId));
}

/** The rows holding these (tenant, idempotency key) pairs, null where none does; one query. */
export async function findByIdempotencyKeys(
  sql: SqlPool,
  keys: readonly { tenantId: string; idempotencyKey: string }[],
): Promise<(UsageRecord | null)[]> {
  const { rows } = await sql.query<{ record: Record<string, unknown> }>(
    `SELECT to_jsonb(r) AS record FROM "UsageRecord" r
     JOIN unnest($1::uuid[], $2::text[]) AS k("tenantId", "idempotencyKey")
       ON r."tenantId" = k."tenantId" AND r."idempotencyKey" = k."idempotencyKey"`,
    [keys.map((key) => key.tenantId), keys.map((key) => key.idempotencyKey)],
  );
  const found = new Map(rows.map(({ record }) => [`${String(record.tenantId)} ${String(record.idempotencyKey)}`, toUsageRecord(record)]));
  return keys.map((key) => found.get(`${key.tenantId} ${key.idempotencyKey}`) ?? null);
}
