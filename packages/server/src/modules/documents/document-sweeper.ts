import type { SqlPool } from "../../db/sql-pool.js";

/**
 * Deletes the documents (upload, result and chunks) whose retention ended: finished (DONE, FAILED, CANCELLED) with
 * `expiresAt` past. Their ledger rows stay. Returns how many were deleted.
 */
export async function deleteExpiredDocuments(sql: SqlPool, now = new Date()): Promise<number> {
  const { rowCount } = await sql.query(
    `DELETE FROM "Document" WHERE status IN ('DONE', 'FAILED', 'CANCELLED') AND "expiresAt" < $1`,
    [now],
  );
  return rowCount ?? 0;
}
