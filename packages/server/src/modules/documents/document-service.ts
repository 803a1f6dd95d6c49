import { requireScope } from "../../auth/access.js";
import type { Caller } from "../../auth/authenticate.js";
import type { Database } from "../../db/client.js";
import { GatewayError, NotFoundError } from "../../errors/gateway-errors.js";
import { isUuid } from "../../graphql/ids.js";
import { pageQuery, toConnection } from "../../graphql/pagination.js";
import type { UsageLedger } from "../../limits/usage-ledger.js";
import { releaseDocument } from "./document-billing.js";
import type { DocumentFormat } from "./document-format.js";
import { DOCUMENT_STATUS_SELECT, toDocumentView, type DocumentView } from "./document-view.js";

/** A translated document's bytes and how to send them. */
export interface DocumentResult {
  filename: string;
  format: DocumentFormat;
  bytes: Buffer;
}

/** The document exists but has no result to download (yet, or ever: failed, cancelled). */
export class DocumentNotReadyError extends GatewayError {
  constructor(id: string, status: string) {
    super(`Document ${id} is ${status}: its result can be downloaded once it is DONE.`, "DOCUMENT_NOT_READY", 409, { documentStatus: status });
  }
}

/**
 * Reading, cancelling and deleting a tenant's documents; each tenant sees only its own (another tenant's id is
 * NOT_FOUND, as an unknown one). Reads need READ or TRANSLATE; cancel and delete need TRANSLATE.
 */
export class DocumentService {
  constructor(
    private readonly prisma: Database,
    private readonly ledger: UsageLedger,
    /** PARLEY_DOCUMENT_RETENTION_HOURS: a cancelled document is kept this long, as a finished one. */
    private readonly retentionHours: number,
  ) {}

  /** Null when the caller cannot see it (or it was deleted after its retention). */
  async get(caller: Caller | null, id: string): Promise<DocumentView | null> {
    const tenantId = requireScope(caller, "READ", "TRANSLATE").tenant.id;
    if (!isUuid(id)) return null;
    const row = await this.prisma.document.findFirst({ where: { id, tenantId }, select: DOCUMENT_STATUS_SELECT });
    return row ? toDocumentView(row) : null;
  }

  /** Newest first. */
  async list(caller: Caller | null, first: number | null | undefined, after: string | null | undefined) {
    const tenantId = requireScope(caller, "READ", "TRANSLATE").tenant.id;
    const rows = await this.prisma.document.findMany({ where: { tenantId }, select: DOCUMENT_STATUS_SELECT, ...pageQuery(first, after) });
    const page = toConnection(rows, first);
    return { ...page, nodes: page.nodes.map(toDocumentView) };
  }

  /** The translated file of a DONE document; DOCUMENT_NOT_READY (409) otherwise, NOT_FOUND if not visible. */
  async result(caller: Caller | null, id: string): Promise<DocumentResult> {
    const tenantId = requireScope(caller, "READ", "TRANSLATE").tenant.id;
    const row = isUuid(id)
      ? await this.prisma.document.findFirst({ where: { id, tenantId }, select: { status: true, filename: true, format: true, result: true } })
      : null;
    if (!row) throw new NotFoundError(`Document ${id} not found.`);
    if (row.status !== "DONE" || !row.result) throw new DocumentNotReadyError(id, row.status);
    return { filename: row.filename, format: row.format, bytes: Buffer.from(row.result) };
  }

  /**
   * QUEUED or TRANSLATING → CANCELLED, its reservation released (nothing billed); its runner stops at its next
   * window. A document already finished is returned as it is.
   */
  async cancel(caller: Caller | null, id: string): Promise<DocumentView> {
    const tenantId = requireScope(caller, "TRANSLATE").tenant.id;
    const found = await this.find(tenantId, id);
    const cancelled = await this.prisma.document.updateMany({
      where: { id, status: { in: ["QUEUED", "TRANSLATING"] } },
      data: { status: "CANCELLED", finishedAt: new Date(), secondsRemaining: null, expiresAt: new Date(Date.now() + this.retentionHours * 3_600_000) },
    });
    if (cancelled.count === 1) await releaseDocument(this.ledger, found);
    return toDocumentView(await this.prisma.document.findUniqueOrThrow({ where: { id }, select: DOCUMENT_STATUS_SELECT }));
  }

  /** Deletes the document, its upload and its result now; an unfinished one is cancelled first (not billed). */
  async delete(caller: Caller | null, id: string): Promise<DocumentView> {
    const tenantId = requireScope(caller, "TRANSLATE").tenant.id;
    const found = await this.find(tenantId, id);
    if (found.status === "QUEUED" || found.status === "TRANSLATING") await this.cancel(caller, id);
    const last = await this.prisma.document.findUniqueOrThrow({ where: { id }, select: DOCUMENT_STATUS_SELECT });
    await this.prisma.document.deleteMany({ where: { id } });
    return toDocumentView(last);
  }

  private async find(tenantId: string, id: string) {
    const row = isUuid(id) ? await this.prisma.document.findFirst({ where: { id, tenantId }, select: DOCUMENT_STATUS_SELECT }) : null;
    if (!row) throw new NotFoundError(`Document ${id} not found.`);
    return row;
  }
}
