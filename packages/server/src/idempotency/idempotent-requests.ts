import type { SqlPool } from "../db/sql-pool.js";

/** How long a first response is kept and replayed (Stripe keeps keys 24 hours too). */
export const IDEMPOTENCY_RETENTION_HOURS = 24;
/** A first request's claim outlives its last renewal by this; then a retry may take the key over. */
export const IDEMPOTENCY_LEASE_SECONDS = 15;
export const IDEMPOTENCY_RENEW_MS = 5_000;

export interface StoredResponse {
  status: number;
  contentType: string | null;
  body: string;
}

export type ClaimOutcome =
  | { kind: "claimed" }
  | { kind: "replay"; response: StoredResponse }
  | { kind: "mismatch" }
  | { kind: "in_progress" };

/**
 * The `IdempotentRequest` table: a key is claimed by the first request (with its fingerprint), which stores
 * its response when it finishes or gives the key up when it failed in a retryable way. Keys are per tenant.
 */
export class IdempotentRequests {
  constructor(private readonly sql: SqlPool) {}

  /**
   * Claims `key` for a request with `fingerprint`. A claim whose lease expired (its gateway died) or a key
   * past the retention period is taken over; otherwise the existing claim decides the outcome.
   */
  async claim(tenantId: string, key: string, fingerprint: string): Promise<ClaimOutcome> {
    const { rowCount } = await this.sql.query(
      `INSERT INTO "IdempotentRequest" AS r ("tenantId", "key", "fingerprint", "leaseExpiresAt", "createdAt")
       VALUES ($1::uuid, $2, $3, (now() AT TIME ZONE 'UTC') + make_interval(secs => $4), now() AT TIME ZONE 'UTC')
       ON CONFLICT ("tenantId", "key") DO UPDATE
         SET "fingerprint" = EXCLUDED."fingerprint", "leaseExpiresAt" = EXCLUDED."leaseExpiresAt", "createdAt" = EXCLUDED."createdAt",
           "responseStatus" = NULL, "responseContentType" = NULL, "responseBody" = NULL
         WHERE (r."responseStatus" IS NULL AND r."leaseExpiresAt" < now() AT TIME ZONE 'UTC')
           OR r."createdAt" < (now() AT TIME ZONE 'UTC') - make_interval(hours => $5)`,
      [tenantId, key, fingerprint, IDEMPOTENCY_LEASE_SECONDS, IDEMPOTENCY_RETENTION_HOURS],
    );
    if (rowCount === 1) return { kind: "claimed" };
    const { rows } = await this.sql.query<{ fingerprint: string; responseStatus: number | null; responseContentType: string | null; responseBody: string | null }>(
      `SELECT "fingerprint", "responseStatus", "responseContentType", "responseBody" FROM "IdempotentRequest" WHERE "tenantId" = $1::uuid AND "key" = $2`,
      [tenantId, key],
    );
    const row = rows[0];
    if (!row) return this.claim(tenantId, key, fingerprint); // given up meanwhile: claim again
    if (row.fingerprint !== fingerprint) return { kind: "mismatch" };
    if (row.responseStatus === null) return { kind: "in_progress" };
    return { kind: "replay", response: { status: row.responseStatus, contentType: row.responseContentType, body: row.responseBody ?? "" } };
  }

  async renew(tenantId: string, key: string): Promise<void> {
    await this.sql.query(
      `UPDATE "IdempotentRequest" SET "leaseExpiresAt" = (now() AT TIME ZONE 'UTC') + make_interval(secs => $3)
       WHERE "tenantId" = $1::uuid AND "key" = $2 AND "responseStatus" IS NULL`,
      [tenantId, key, IDEMPOTENCY_LEASE_SECONDS],
    );
  }

  /** Stores the first response, replayed from now on. */
  async complete(tenantId: string, key: string, response: StoredResponse): Promise<void> {
    await this.sql.query(
      `UPDATE "IdempotentRequest" SET "responseStatus" = $3, "responseContentType" = $4, "responseBody" = $5
       WHERE "tenantId" = $1::uuid AND "key" = $2 AND "responseStatus" IS NULL`,
      [tenantId, key, response.status, response.contentType, response.body],
    );
  }

  /** Gives the key up (the request failed in a way worth retrying): the next request with it runs anew. */
  async abandon(tenantId: string, key: string): Promise<void> {
    await this.sql.query(`DELETE FROM "IdempotentRequest" WHERE "tenantId" = $1::uuid AND "key" = $2 AND "responseStatus" IS NULL`, [tenantId, key]);
  }

  /** Deletes keys past the retention period; returns how many. */
  async deleteExpired(): Promise<number> {
    const { rowCount } = await this.sql.query(
      `DELETE FROM "IdempotentRequest" WHERE "createdAt" < (now() AT TIME ZONE 'UTC') - make_interval(hours => $1)
         AND ("responseStatus" IS NOT NULL OR "leaseExpiresAt" < now() AT TIME ZONE 'UTC')`,
      [IDEMPOTENCY_RETENTION_HOURS],
    );
    return rowCount ?? 0;
  }
}
