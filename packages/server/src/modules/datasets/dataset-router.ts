import { rm } from "node:fs/promises";
import type { IncomingMessage } from "node:http";
import express, { type Request, type Response, type Router } from "express";
import type { Logger } from "pino";
import { requireScope } from "../../auth/access.js";
import { authenticate, bearerToken, type Caller } from "../../auth/authenticate.js";
import { DEFAULT_DATASET_LIMITS, type DatasetLimits } from "./dataset-limits.js";
import { uploadTempDir } from "./dataset-paths.js";
import { MalformedUploadError, receiveUpload, UploadTooLargeError } from "./receive-upload.js";
import { storeUploadedDataset } from "./store-dataset.js";
import type { Database } from "../../db/client.js";
import type { SqlPool } from "../../db/sql-pool.js";
import { BadUserInputError, GatewayError } from "../../errors/gateway-errors.js";
import { idempotencyKeyOf, requestFingerprint, runIdempotently, type IdempotencyDeps } from "../../idempotency/run-idempotently.js";
import { datasetJson } from "./dataset-json.js";

export interface DatasetRouterDeps {
  prisma: Database;
  /** The gateway's pg pool, for authenticating the key as /graphql does. */
  sql: SqlPool;
  dataDir: string;
  logger: Logger;
  limits?: DatasetLimits;
  /** Honours the `Idempotency-Key` header when given (a retried upload creates one dataset). */
  idempotency?: IdempotencyDeps;
  /** Who is calling; defaults to the Bearer API key of the request. */
  authenticateRequest?: (request: IncomingMessage) => Promise<Caller | null>;
}

/**
 * `POST /v1/datasets`: multipart/form-data with `file` (TSV `source<TAB>target`),
 * `name`, `sourceLanguage`, `targetLanguage`; needs a key with the TRAIN scope.
 * 201 with the dataset; 400 with line-numbered `issues`, 413 over the size limit.
 * Mount with `app.use(createDatasetRouter(deps))`, before any JSON body parser.
 */
export function createDatasetRouter(deps: DatasetRouterDeps): Router {
  const limits = deps.limits ?? DEFAULT_DATASET_LIMITS;
  const whoIsCalling = deps.authenticateRequest ?? ((request) => authenticateBearer(deps.sql, request));
  const router = express.Router();

  router.post("/v1/datasets", async (request: Request, response: Response) => {
    try {
      const caller = requireScope(await whoIsCalling(request), "TRAIN");
      const key = deps.idempotency ? idempotencyKeyOf(request) : undefined;
      if (key === null) throw new BadUserInputError("Idempotency-Key must be 1-255 printable ASCII characters without spaces.");
      const { fields, file } = await receiveUpload(request, uploadTempDir(deps.dataDir), limits.maxBytes);
      if (!file) {
        throw new BadUserInputError("Field `file` is required: the TSV file as a multipart file part.", { field: "file", issues: [] });
      }
      const store = async () => {
        const dataset = await storeUploadedDataset({ ...deps, limits }, caller.tenant.id, fields, file);
        deps.logger.info({ datasetId: dataset.id, tenantId: caller.tenant.id, pairs: dataset.pairCount }, "dataset stored");
        response.status(201).json(datasetJson(dataset));
      };
      try {
        if (key === undefined || !deps.idempotency) await store();
        else {
          const content = { fields: Object.entries(fields).sort(([a], [b]) => a.localeCompare(b)), file: file.sha256 };
          const fingerprint = requestFingerprint("POST", "/v1/datasets", content);
          await runIdempotently(deps.idempotency, response, { tenantId: caller.tenant.id, key, fingerprint, apiKey: bearerToken(request.headers.authorization) ?? "" }, store);
        }
      } finally {
        await rm(file.path, { force: true });
      }
    } catch (error) {
      sendError(response, error, limits, deps.logger);
    }
  });
  return router;
}

async function authenticateBearer(sql: SqlPool, request: IncomingMessage): Promise<Caller | null> {
  const key = bearerToken(request.headers.authorization);
  return key === undefined ? null : authenticate(sql, key);
}

function sendError(response: Response, error: unknown, limits: DatasetLimits, logger: Logger): void {
  // The client may still be sending: answer, then close instead of reading the rest.
  if (error instanceof UploadTooLargeError) {
    const message = `The file is larger than the limit of ${limits.maxBytes} bytes.`;
    const issues = [{ line: 0, code: "too-large", message }];
    response.status(413).set("connection", "close").json({ error: { code: "BAD_USER_INPUT", message, issues } });
    return;
  }
  if (error instanceof MalformedUploadError) {
    response.status(400).json({ error: { code: "BAD_USER_INPUT", message: `Malformed upload: ${error.message}.`, issues: [] } });
    return;
  }
  if (error instanceof GatewayError) {
    const { http: _http, code, ...details } = error.extensions as Record<string, unknown>;
    const body = { code, message: error.message, ...(code === "BAD_USER_INPUT" ? { issues: [] } : {}), ...details };
    response.status(error.status).set(headersOf(error)).json({ error: body });
    return;
  }
  const requestId = response.locals.requestId as string | undefined;
  logger.error({ err: error, requestId }, "dataset upload failed");
  response.status(500).json({
    error: { code: "INTERNAL_SERVER_ERROR", message: `Internal server error (request ${requestId}).`, unexpected: true, requestId },
  });
}

function headersOf(error: GatewayError): Record<string, string> {
  const http = (error.extensions as { http?: { headers?: Map<string, string> } }).http;
  return Object.fromEntries(http?.headers ?? []);
}
