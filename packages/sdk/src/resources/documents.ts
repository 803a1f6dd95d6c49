import type { APIPromise } from "../core/api-promise.js";
import { APIError } from "../core/errors.js";
import { found } from "../core/found.js";
import { newIdempotencyKey } from "../core/idempotency.js";
import type { RequestOptions } from "../core/options.js";
import type { PagePromise } from "../core/pagination.js";
import { sleep } from "../core/sleep.js";
import { multipartForm, type Uploadable } from "../core/uploads.js";
import { CancelDocumentDocument, DeleteDocumentDocument, ListDocumentsDocument, RetrieveDocumentDocument } from "../generated/graphql.js";
import type { Document, DocumentStatus } from "../types.js";
import type { ListParams } from "./models.js";
import { APIResource } from "./resource.js";

export interface DocumentUploadParams {
  /** The document (.txt, .md, .html): a Blob/File, its bytes, or its text. */
  file: Uploadable;
  /** The file name; its extension gives the format unless `format` is set (default `document.txt`). */
  filename?: string;
  /** A model by name (or give sourceLanguage and targetLanguage). */
  model?: string;
  sourceLanguage?: string;
  targetLanguage?: string;
  version?: number;
  label?: string;
  format?: "TEXT" | "MARKDOWN" | "HTML";
}

export interface DocumentWaitOptions extends RequestOptions {
  /** Between polls (default 1000 ms). */
  pollIntervalMs?: number;
  /** Called after each poll, e.g. to show progress and secondsRemaining. */
  onProgress?: (document: Document) => void;
}

const finishedStatuses: ReadonlySet<DocumentStatus> = new Set(["DONE", "FAILED", "CANCELLED"]);

/** Asynchronous document translation, as DeepL's document API: upload → status → download. */
export class Documents extends APIResource {
  /** POST /v1/documents (multipart/form-data): the document QUEUED, its characters reserved (QuotaExceededError if over). */
  upload(params: DocumentUploadParams, options?: RequestOptions): APIPromise<Document> {
    const { file, filename, version, ...rest } = params;
    const fields = Object.fromEntries(
      Object.entries({ ...rest, ...(version !== undefined ? { version: String(version) } : {}) }).filter(([, value]) => value !== undefined),
    ) as Record<string, string>;
    return this.client.request(
      {
        method: "POST",
        path: "/v1/documents",
        body: multipartForm(file, filename ?? "document.txt", fields),
        idempotencyKey: options?.idempotencyKey ?? newIdempotencyKey(),
        parse: parseDocument,
      },
      options,
    );
  }

  /** Throws NotFoundError for a document the caller cannot see (or deleted after its retention). */
  retrieve(id: string, options?: RequestOptions): APIPromise<Document> {
    return this.client
      .graphql(RetrieveDocumentDocument, { id }, options)
      ._thenUnwrap((data, raw) => found(data.document, `Document ${JSON.stringify(id)}`, raw));
  }

  list(params: ListParams = {}, options?: RequestOptions): PagePromise<Document> {
    return this.client.paginate(ListDocumentsDocument, params, (data) => data.documents, options);
  }

  /** GET /v1/documents/:id/result: the translated file's text (ConflictError-like APIError DOCUMENT_NOT_READY until DONE). */
  download(id: string, options?: RequestOptions): APIPromise<string> {
    return this.client.request(
      { method: "GET", path: `/v1/documents/${encodeURIComponent(id)}/result`, safeToRepeat: true, rawText: true, parse: (body) => String(body) },
      options,
    );
  }

  cancel(id: string, options?: RequestOptions): APIPromise<Document> {
    return this.client.graphql(CancelDocumentDocument, { id }, options)._thenUnwrap((data) => data.cancelDocument);
  }

  delete(id: string, options?: RequestOptions): APIPromise<Document> {
    return this.client.graphql(DeleteDocumentDocument, { id }, options)._thenUnwrap((data) => data.deleteDocument);
  }

  /** Polls until the document is DONE, FAILED or CANCELLED; abort with `signal`. */
  async waitForCompletion(id: string, options: DocumentWaitOptions = {}): Promise<Document> {
    const { pollIntervalMs = 1_000, onProgress, ...requestOptions } = options;
    for (;;) {
      const document = await this.retrieve(id, requestOptions);
      onProgress?.(document);
      if (finishedStatuses.has(document.status)) return document;
      await sleep(pollIntervalMs, requestOptions.signal);
    }
  }
}

function parseDocument(body: unknown, response: Response): Document {
  const record = typeof body === "object" && body !== null ? (body as Record<string, unknown>) : undefined;
  if (typeof record?.id !== "string" || record.object !== "document") {
    throw new APIError(`Malformed document upload response (HTTP ${response.status}).`, { status: response.status, headers: response.headers, body });
  }
  const { object: _object, ...document } = record;
  return document as unknown as Document;
}
