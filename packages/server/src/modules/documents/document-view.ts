import type { Prisma } from "../../db/generated/client.js";

/** The columns a document's status is read from (never its upload or result bytes). */
export const DOCUMENT_STATUS_SELECT = {
  id: true,
  tenantId: true,
  usageRecordId: true,
  filename: true,
  format: true,
  status: true,
  segmentCount: true,
  translatedSegments: true,
  billedCharacters: true,
  translatedCharacters: true,
  secondsRemaining: true,
  attempts: true,
  errorCode: true,
  error: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
  expiresAt: true,
  modelVersion: { select: { version: true, model: { select: { name: true } } } },
} satisfies Prisma.DocumentSelect;

export type DocumentStatusRow = Prisma.DocumentGetPayload<{ select: typeof DOCUMENT_STATUS_SELECT }>;

/** A document as the API shows it (GraphQL `Document`, and the JSON of `/v1/documents`). */
export interface DocumentView {
  id: string;
  filename: string;
  format: DocumentStatusRow["format"];
  status: DocumentStatusRow["status"];
  progress: number;
  secondsRemaining: number | null;
  billedCharacters: number;
  translatedCharacters: number;
  segmentCount: number;
  translatedSegments: number;
  modelName: string | null;
  modelVersion: number | null;
  attempts: number;
  error: { code: string; message: string } | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  expiresAt: Date | null;
}

/** The view of a row: progress is the share of billed characters translated (1 when done). */
export function toDocumentView(row: DocumentStatusRow): DocumentView {
  const progress = row.status === "DONE" ? 1 : row.billedCharacters === 0 ? 0 : row.translatedCharacters / row.billedCharacters;
  return {
    id: row.id,
    filename: row.filename,
    format: row.format,
    status: row.status,
    progress: Math.min(1, Math.round(progress * 1000) / 1000),
    secondsRemaining: row.status === "TRANSLATING" ? row.secondsRemaining : row.status === "DONE" ? 0 : null,
    billedCharacters: row.billedCharacters,
    translatedCharacters: row.translatedCharacters,
    segmentCount: row.segmentCount,
    translatedSegments: row.translatedSegments,
    modelName: row.modelVersion?.model.name ?? null,
    modelVersion: row.modelVersion?.version ?? null,
    attempts: row.attempts,
    error: row.errorCode ? { code: row.errorCode, message: row.error ?? "" } : null,
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    expiresAt: row.expiresAt,
  };
}

/** The REST JSON of a document: the GraphQL fields, dates as ISO strings, and `object: "document"`. */
export function documentJson(view: DocumentView): Record<string, unknown> {
  const iso = (date: Date | null) => date?.toISOString() ?? null;
  return {
    ...view,
    object: "document",
    createdAt: iso(view.createdAt),
    startedAt: iso(view.startedAt),
    finishedAt: iso(view.finishedAt),
    expiresAt: iso(view.expiresAt),
  };
}
