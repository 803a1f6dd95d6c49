import { randomUUID } from "node:crypto";
import type { SqlPool } from "../../db/sql-pool.js";
import type { DocumentFormat } from "./document-format.js";
import { QUOTA_COUNTER_CTE } from "../../limits/usage-ledger.js";

export interface NewDocument {
  tenantId: string;
  apiKeyId: string;
  modelVersionId: string;
  filename: string;
  format: DocumentFormat;
  source: Buffer;
  segmentCount: number;
  billedCharacters: number;
  /** The billing period (first day of the month, UTC). */
  period: Date;
}

/**
 * Accepts a document in one SQL statement (so one transaction): the tenant's month counter is raised by the
 * document's characters only if that stays within its quota, the RESERVED ledger row is inserted (idempotency key
 * `document:<id>`, no lease: the reservation belongs to the queued job, not to a request, and is settled or
 * released by the job, however many restarts it takes), and the QUEUED document row with it. Over the quota
 * nothing at all is written: null.
 */
export async function reserveAndInsertDocument(sql: SqlPool, document: NewDocument): Promise<{ id: string } | null> {
  const id = randomUUID();
  const { rows } = await sql.query<{ id: string }>(
    `WITH ${QUOTA_COUNTER_CTE}, reservation AS (
       INSERT INTO "UsageRecord"
         ("id", "tenantId", "apiKeyId", "modelVersionId", "kind", "status", "inputCharacters", "idempotencyKey", "period", "createdAt")
       SELECT gen_random_uuid(), $1::uuid, $4::uuid, $5::uuid, 'TRANSLATION'::"UsageKind", 'RESERVED'::"UsageStatus", $3,
         'document:' || $6, $2::date, now() AT TIME ZONE 'UTC'
       FROM counter
       RETURNING "id"
     )
     INSERT INTO "Document" ("id", "tenantId", "apiKeyId", "modelVersionId", "usageRecordId", "filename", "format", "source",
       "segmentCount", "billedCharacters")
     SELECT $6::uuid, $1::uuid, $4::uuid, $5::uuid, reservation."id", $7, $8::"DocumentFormat", $9, $10, $3
     FROM reservation
     RETURNING "id"`,
    [
      document.tenantId,
      document.period.toISOString().slice(0, 10),
      document.billedCharacters,
      document.apiKeyId,
      document.modelVersionId,
      id,
      document.filename,
      document.format,
      document.source,
      document.segmentCount,
    ],
  );
  return rows[0] ?? null;
}
