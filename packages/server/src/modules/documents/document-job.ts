import type { SqlPool } from "../../db/sql-pool.js";
import { EngineUnavailable } from "../../engine/engine-unavailable.js";
import type { TranslationEngine } from "../../engine/translation-engine.js";
import { codePoints } from "../../limits/billing-period.js";
import type { UsageLedger } from "../../limits/usage-ledger.js";
import type { Logger } from "../../logging/logger.js";
import { releaseDocument, settleDocument, type BilledDocument } from "./document-billing.js";
import type { DocumentFormat } from "./document-format.js";
import { planDocument } from "./document-plan.js";

export interface DocumentJobDeps {
  sql: SqlPool;
  engine: TranslationEngine;
  ledger: UsageLedger;
  logger: Logger;
  retentionHours: number;
  /** Segments per engine call (the engine's batch size). */
  chunkSegments: number;
  /** Engine calls in flight at once for one document. */
  parallelChunks: number;
}

interface DocumentRow extends BilledDocument {
  format: DocumentFormat;
  source: Buffer;
  status: string;
  versionId: string | null;
  versionStatus: string | null;
  artifactPath: string | null;
}

/** Claims of one document before it is failed (each restart or crash of its runner is one). */
export const MAX_ATTEMPTS = 5;

/** How a run of a claimed document ended. */
export type JobOutcome = "done" | "failed" | "stopped" | "lost";

/**
 * Translates one claimed document (attempt `attempt`) from where earlier attempts stopped: the chunks already
 * committed are read back, the rest translated `parallelChunks` engine calls at a time, each window committed with
 * the document's progress and estimated seconds remaining. Every write is guarded by status TRANSLATING and this
 * attempt, so a cancel (or a runner that took the document over) stops it at the next window. At the end the
 * result and DONE are written, then the reservation is settled: billed once. A missing or unusable model version,
 * or an engine failure, marks it FAILED and releases the reservation. `shouldStop`: the runner is shutting down;
 * the document stays TRANSLATING for the next claim.
 */
export async function runDocumentJob(deps: DocumentJobDeps, id: string, attempt: number, shouldStop: () => boolean): Promise<JobOutcome> {
  const { sql, engine, logger } = deps;
  const { rows } = await sql.query<DocumentRow>(
    `SELECT d.id, d."tenantId", d."usageRecordId", d."billedCharacters", d.format, d.source, d.status,
       v.id AS "versionId", v.status AS "versionStatus", v."artifactPath"
     FROM "Document" d LEFT JOIN "ModelVersion" v ON v.id = d."modelVersionId" WHERE d.id = $1`,
    [id],
  );
  const document = rows[0];
  if (!document || document.status !== "TRANSLATING") return "lost";
  if (attempt > MAX_ATTEMPTS) {
    return fail(deps, document, attempt, "INTERNAL_SERVER_ERROR", `The document could not be translated in ${MAX_ATTEMPTS} attempts; nothing was billed.`);
  }
  if (!document.versionId || document.versionStatus !== "READY" || !document.artifactPath) {
    const why = document.versionId ? `its model version is ${document.versionStatus?.toLowerCase()}` : "its model version was deleted";
    return fail(deps, document, attempt, "MODEL_VERSION_UNAVAILABLE", `The document cannot be translated: ${why}; nothing was billed.`);
  }
  const plan = planDocument(new TextDecoder().decode(document.source), document.format);
  const translations = await committedTranslations(sql, id);
  const version = { id: document.versionId, artifactPath: document.artifactPath };
  const started = performance.now();
  const startCharacters = characterCount(plan.segments, translations.length);
  let translatedCharacters = startCharacters;
  let inputTokens = 0;
  let outputTokens = 0;
  logger.info({ documentId: id, attempt, segments: plan.segments.length, resumeAt: translations.length }, translations.length > 0 ? "document resumed" : "document started");

  while (translations.length < plan.segments.length) {
    if (shouldStop()) return "stopped";
    const windowStart = translations.length;
    const calls: Promise<{ first: number; texts: string[] }>[] = [];
    for (let call = 0; call < deps.parallelChunks; call += 1) {
      const first = windowStart + call * deps.chunkSegments;
      if (first >= plan.segments.length) break;
      const inputs = plan.segments.slice(first, first + deps.chunkSegments);
      calls.push(
        engine.translate(version, inputs, {}).then((outputs) => {
          if (outputs.length !== inputs.length) throw new Error(`engine returned ${outputs.length} results for ${inputs.length} texts`);
          inputTokens += outputs.reduce((sum, output) => sum + output.inputTokens, 0);
          outputTokens += outputs.reduce((sum, output) => sum + output.outputTokens, 0);
          return { first, texts: outputs.map((output) => output.text) };
        }),
      );
    }
    let chunks;
    try {
      chunks = await Promise.all(calls);
    } catch (error) {
      logger.error({ err: error, documentId: id }, "document translation failed in the engine");
      const code = error instanceof EngineUnavailable ? "ENGINE_UNAVAILABLE" : "INTERNAL_SERVER_ERROR";
      return fail(deps, document, attempt, code, "Translation failed in the engine; nothing was billed.");
    }
    for (const chunk of chunks) translations.push(...chunk.texts);
    translatedCharacters = characterCount(plan.segments, translations.length);
    const seconds = (performance.now() - started) / 1000;
    const pace = (translatedCharacters - startCharacters) / Math.max(seconds, 0.001);
    const secondsRemaining = pace > 0 ? Math.ceil((plan.billedCharacters - translatedCharacters) / pace) : null;
    const committed = await commitChunks(sql, id, attempt, chunks, translations.length, translatedCharacters, secondsRemaining);
    if (!committed) return "lost"; // cancelled, deleted, or taken over
  }

  const result = Buffer.from(plan.rebuild(translations), "utf8");
  const { rowCount } = await sql.query(
    `UPDATE "Document" SET status = 'DONE', result = $3, "finishedAt" = now(), "heartbeatAt" = now(), "secondsRemaining" = 0,
       "translatedSegments" = "segmentCount", "translatedCharacters" = "billedCharacters",
       "expiresAt" = now() + make_interval(secs => $4)
     WHERE id = $1 AND status = 'TRANSLATING' AND attempts = $2`,
    [id, attempt, result, Math.round(deps.retentionHours * 3600)],
  );
  if (rowCount !== 1) return "lost";
  await sql.query(`DELETE FROM "DocumentChunk" WHERE "documentId" = $1`, [id]);
  const billed = await settleDocument(deps.ledger, document, {
    outputCharacters: codePoints(translations.join("")),
    inputTokens,
    outputTokens,
    latencyMs: Math.round(performance.now() - started),
  });
  logger.info({ documentId: id, attempt, billedCharacters: document.billedCharacters, billed }, "document translated");
  return "done";
}

async function committedTranslations(sql: SqlPool, id: string): Promise<string[]> {
  const { rows } = await sql.query<{ firstSegment: number; translations: string[] }>(
    `SELECT "firstSegment", translations FROM "DocumentChunk" WHERE "documentId" = $1 ORDER BY "firstSegment"`,
    [id],
  );
  const translations: string[] = [];
  for (const row of rows) {
    if (row.firstSegment !== translations.length) break; // only a contiguous prefix counts
    translations.push(...row.translations);
  }
  return translations;
}

/** The chunks and the progress in one statement, only while this attempt still owns the document. */
async function commitChunks(
  sql: SqlPool,
  id: string,
  attempt: number,
  chunks: { first: number; texts: string[] }[],
  translatedSegments: number,
  translatedCharacters: number,
  secondsRemaining: number | null,
): Promise<boolean> {
  const { rows } = await sql.query<{ id: string }>(
    `WITH owned AS (
       UPDATE "Document" SET "translatedSegments" = $3, "translatedCharacters" = $4, "secondsRemaining" = $5, "heartbeatAt" = now()
       WHERE id = $1 AND status = 'TRANSLATING' AND attempts = $2 RETURNING id
     ), chunks AS (
       INSERT INTO "DocumentChunk" ("documentId", "firstSegment", translations)
       SELECT owned.id, c.first, c.texts FROM owned, jsonb_to_recordset($6::jsonb) AS c(first int, texts jsonb)
       ON CONFLICT DO NOTHING
     )
     SELECT id FROM owned`,
    [id, attempt, translatedSegments, translatedCharacters, secondsRemaining, JSON.stringify(chunks)],
  );
  return rows.length === 1;
}

async function fail(deps: DocumentJobDeps, document: BilledDocument, attempt: number, code: string, message: string): Promise<JobOutcome> {
  const { rowCount } = await deps.sql.query(
    `UPDATE "Document" SET status = 'FAILED', "errorCode" = $3, error = $4, "finishedAt" = now(), "secondsRemaining" = NULL,
       "expiresAt" = now() + make_interval(secs => $5)
     WHERE id = $1 AND status = 'TRANSLATING' AND attempts = $2`,
    [document.id, attempt, code, message, Math.round(deps.retentionHours * 3600)],
  );
  if (rowCount !== 1) return "lost";
  await releaseDocument(deps.ledger, document);
  deps.logger.warn({ documentId: document.id, code }, "document failed; reservation released");
  return "failed";
}

function characterCount(segments: readonly string[], count: number): number {
  let total = 0;
  for (let index = 0; index < count; index += 1) total += codePoints(segments[index]!);
  return total;
}
