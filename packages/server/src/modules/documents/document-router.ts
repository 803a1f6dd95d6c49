import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import express, { type Request, type Response, type Router } from "express";
import { requireScope } from "../../auth/access.js";
import { bearerToken, type Caller } from "../../auth/authenticate.js";
import { MalformedUploadError, receiveUpload, UploadTooLargeError } from "../datasets/receive-upload.js";
import { isDatabaseUnavailable } from "../../db/connection-errors.js";
import { BadUserInputError, DatabaseUnavailableError, GatewayError } from "../../errors/gateway-errors.js";
import type { GatewayContext, GatewayServices } from "../../graphql/context.js";
import { createLoaders } from "../../graphql/loaders.js";
import { idempotencyKeyOf, requestFingerprint, runIdempotently, type IdempotencyDeps } from "../../idempotency/run-idempotently.js";
import { countRateLimitOnce } from "../translate/rate-limit.js";
import { contentTypeOf } from "./document-format.js";
import { DocumentService } from "./document-service.js";
import { acceptDocument } from "./document-upload.js";
import { documentJson } from "./document-view.js";

export interface DocumentRouterDeps {
  services: GatewayServices;
  /** Honours the `Idempotency-Key` header (a retried upload creates one document). */
  idempotency: IdempotencyDeps;
  /** Tells this gateway's document runner that a document was queued. */
  wake(): void;
}

/**
 * `POST /v1/documents` (multipart/form-data: `file`, `model` or `sourceLanguage` + `targetLanguage`, optional
 * `format`, `version`, `label`, `filename`; scope TRANSLATE) → 201 with the QUEUED document, its characters
 * reserved; `GET /v1/documents/:id` → its status; `GET /v1/documents/:id/result` → the translated file (409
 * DOCUMENT_NOT_READY until DONE). Each request counts once against the key's rate limit. Errors are JSON
 * `{ "error": { "code", "message", ... } }` with the status of their code. Mount before any body parser.
 */
export function createDocumentRouter(deps: DocumentRouterDeps): Router {
  const { services } = deps;
  const router = express.Router();
  const documents = new DocumentService(services.prisma, services.ledger, services.config.PARLEY_DOCUMENT_RETENTION_HOURS);

  router.post("/v1/documents", (request, response) =>
    handle(services, request, response, async (context, caller) => {
      requireScope(caller, "TRANSLATE");
      const key = idempotencyKeyOf(request);
      if (key === null) throw new BadUserInputError("Idempotency-Key must be 1-255 printable ASCII characters without spaces.");
      const tempDir = path.join(services.config.dataDir, "documents", ".incoming");
      const { fields, file } = await receiveUpload(request, tempDir, services.config.PARLEY_DOCUMENT_MAX_BYTES);
      if (!file) throw new BadUserInputError("Field `file` is required: the document as a multipart file part.", { field: "file" });
      let bytes: Buffer;
      try {
        bytes = await readFile(file.path);
      } finally {
        await rm(file.path, { force: true });
      }
      const accept = async () => {
        const id = await acceptDocument(context, caller, fields, { bytes, filename: file.filename });
        context.logger.info({ documentId: id, tenantId: caller.tenant.id, bytes: bytes.length }, "document queued");
        // Read before waking the runner: the answer is the document as accepted (QUEUED), not whatever a runner
        // already made of it.
        const accepted = (await documents.get(caller, id))!;
        deps.wake();
        response.status(201).json(documentJson(accepted));
      };
      if (key === undefined) return accept();
      const content = { fields: Object.entries(fields).sort(([a], [b]) => a.localeCompare(b)), file: file.sha256, name: file.filename ?? null };
      const fingerprint = requestFingerprint("POST", "/v1/documents", content);
      const claim = { tenantId: caller.tenant.id, key, fingerprint, apiKey: bearerToken(request.headers.authorization) ?? "" };
      await runIdempotently(deps.idempotency, response, claim, accept);
    }),
  );

  router.get("/v1/documents/:id", (request, response) =>
    handle(services, request, response, async (_context, caller) => {
      const view = await documents.get(caller, String(request.params.id));
      if (!view) throw new GatewayError(`Document ${String(request.params.id)} not found.`, "NOT_FOUND", 404);
      response.json(documentJson(view));
    }),
  );

  router.get("/v1/documents/:id/result", (request, response) =>
    handle(services, request, response, async (_context, caller) => {
      const result = await documents.result(caller, String(request.params.id));
      response
        .status(200)
        .set({ "content-type": contentTypeOf(result.format), "content-disposition": contentDisposition(result.filename) })
        .send(result.bytes);
    }),
  );
  return router;
}

type Handler = (context: GatewayContext, caller: Caller) => Promise<unknown>;

/** Authenticates, counts the rate limit, runs `work`; any failure becomes a JSON error with its status. */
async function handle(services: GatewayServices, request: Request, response: Response, work: Handler): Promise<void> {
  const requestId = response.locals.requestId as string;
  const logger = services.logger.child({ requestId });
  const context: GatewayContext = {
    requestId, logger, services, caller: null, authError: undefined, rateLimit: undefined, loaders: createLoaders(services.prisma),
  };
  try {
    const caller = requireScope(await services.authenticator.authenticateBearer(request.headers.authorization), "READ", "TRANSLATE");
    Object.assign(context, { caller });
    await countRateLimitOnce(context, caller);
    setRateLimitHeaders(context, response);
    await work(context, caller);
  } catch (error) {
    setRateLimitHeaders(context, response);
    sendError(response, error, context, services.config.PARLEY_DOCUMENT_MAX_BYTES);
  }
}

function sendError(response: Response, failure: unknown, context: GatewayContext, maxBytes: number): void {
  if (response.headersSent) return void response.end();
  let error = failure;
  if (error instanceof UploadTooLargeError) {
    const message = `The file is larger than the limit of ${maxBytes} bytes (PARLEY_DOCUMENT_MAX_BYTES).`;
    response.status(413).set("connection", "close").json({ error: { code: "PAYLOAD_TOO_LARGE", message } });
    return;
  }
  if (error instanceof MalformedUploadError) error = new BadUserInputError(`Malformed upload: ${error.message}.`);
  if (!(error instanceof GatewayError) && isDatabaseUnavailable(error)) error = new DatabaseUnavailableError(context.requestId);
  if (error instanceof GatewayError) {
    const { http, code, ...details } = error.extensions as Record<string, unknown> & { http?: { headers?: Map<string, string> } };
    response.status(error.status).set(Object.fromEntries(http?.headers ?? [])).json({ error: { code, message: error.message, ...details } });
    return;
  }
  context.logger.error({ err: error }, "document request failed");
  const message = `Internal server error (request ${context.requestId}).`;
  response.status(500).json({ error: { code: "INTERNAL_SERVER_ERROR", message, unexpected: true, requestId: context.requestId } });
}

function setRateLimitHeaders({ rateLimit }: GatewayContext, response: Response): void {
  if (!rateLimit || response.headersSent) return;
  response.set({
    "x-ratelimit-limit": String(rateLimit.limit),
    "x-ratelimit-remaining": String(rateLimit.remaining),
    "x-ratelimit-reset": String(rateLimit.resetSeconds),
  });
}

/** `attachment` with the name in ASCII and, for any other name, RFC 5987's UTF-8 form. */
function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
