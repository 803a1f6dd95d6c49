import type { SqlPool } from "../../db/sql-pool.js";
import type { Logger } from "../../logging/logger.js";
import { retryTransient } from "../../limits/retry-transient.js";
import type { Reservation, UsageLedger } from "../../limits/usage-ledger.js";

/** What the ledger needs of a document to settle or release its reservation. */
export interface BilledDocument {
  id: string;
  tenantId: string;
  usageRecordId: string | null;
  billedCharacters: number;
}

/** Usage figures of a finished document, stored on its ledger row. */
export interface DocumentUsage {
  outputCharacters: number;
  inputTokens: number;
  outputTokens: number;
  latencyMs: number;
}

function reservationOf(document: BilledDocument): Reservation | undefined {
  if (!document.usageRecordId) return undefined;
  return { recordId: document.usageRecordId, tenantId: document.tenantId, characters: document.billedCharacters };
}

/**
 * Bills a DONE document: its ledger row RESERVED → SUCCEEDED (status-guarded, so a second call, after a restart
 * or by the repair sweep, bills nothing more). Retries through a database blip.
 */
export async function settleDocument(ledger: UsageLedger, document: BilledDocument, usage: DocumentUsage): Promise<boolean> {
  const reservation = reservationOf(document);
  if (!reservation) return false;
  const response = { documentId: document.id, billedCharacters: document.billedCharacters };
  return retryTransient(() => ledger.settle(reservation, { ...usage, response }));
}

/** Gives a failed or cancelled document's characters back (RESERVED → FAILED); a no-op once done. */
export async function releaseDocument(ledger: UsageLedger, document: BilledDocument): Promise<void> {
  const reservation = reservationOf(document);
  if (reservation) await retryTransient(() => ledger.release(reservation));
}

/**
 * Finishes the ledger rows of documents that finished while their reservation stayed RESERVED (the process died
 * between the document's last update and its settlement): DONE ones are billed, FAILED and CANCELLED released.
 * Returns how many rows it finished.
 */
export async function repairDocumentReservations(sql: SqlPool, ledger: UsageLedger, logger: Logger): Promise<number> {
  const { rows } = await sql.query<BilledDocument & { status: string; translatedCharacters: number }>(
    `SELECT d.id, d."tenantId", d."usageRecordId", d."billedCharacters", d.status, d."translatedCharacters"
     FROM "Document" d JOIN "UsageRecord" u ON u.id = d."usageRecordId"
     WHERE u.status = 'RESERVED' AND d.status IN ('DONE', 'FAILED', 'CANCELLED')`,
  );
  for (const row of rows) {
    if (row.status === "DONE") await settleDocument(ledger, row, { outputCharacters: 0, inputTokens: 0, outputTokens: 0, latencyMs: 0 });
    else await releaseDocument(ledger, row);
    logger.warn({ documentId: row.id, status: row.status }, "finished the reservation of a document left RESERVED");
  }
  return rows.length;
}
