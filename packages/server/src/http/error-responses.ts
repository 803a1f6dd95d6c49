import { isUtf8 } from "node:buffer";
import type { NextFunction, Request, Response } from "express";
import type { Logger } from "../logging/logger.js";

/** Codes of errors raised outside GraphQL (body parsing, routing), as documented in the server README. */
export type HttpErrorCode = "BAD_REQUEST" | "PAYLOAD_TOO_LARGE" | "UNSUPPORTED_MEDIA_TYPE" | "NOT_FOUND" | "INTERNAL_SERVER_ERROR";

interface HttpFailure {
  status: number;
  code: HttpErrorCode;
  message: string;
  unexpected?: true;
}

/**
 * Writes an error in the body shape of the route: `{ error: { code, message } }` for the
 * REST routes under /v1, GraphQL's `{ errors: [{ message, extensions: { code } }] }` elsewhere.
 */
export function sendHttpError(req: Request, res: Response, failure: HttpFailure): void {
  const { status, code, message, unexpected } = failure;
  const requestId = res.locals.requestId as string | undefined;
  const details = { ...(unexpected ? { unexpected, requestId } : {}) };
  if (status === 413 || status >= 500) res.set("connection", "close");
  if (req.path.startsWith("/v1/")) {
    res.status(status).json({ error: { code, message, ...details } });
  } else {
    res.status(status).json({ errors: [{ message, extensions: { code, ...details } }] });
  }
}

/** body-parser's (http-errors') `type` → what the client is told. Messages are ours: theirs may name internals. */
const BODY_FAILURES: Record<string, (error: { limit?: number; charset?: string; encoding?: string }) => Omit<HttpFailure, "status">> = {
  "entity.too.large": (error) => ({ code: "PAYLOAD_TOO_LARGE", message: `Request body exceeds ${error.limit} bytes.` }),
  "entity.parse.failed": () => ({ code: "BAD_REQUEST", message: "Request body is not valid JSON." }),
  "charset.unsupported": () => ({ code: "UNSUPPORTED_MEDIA_TYPE", message: "Unsupported charset: send JSON in UTF-8." }),
  "encoding.unsupported": () => ({
    code: "UNSUPPORTED_MEDIA_TYPE",
    message: "Unsupported Content-Encoding: send the body as identity, gzip, deflate or br.",
  }),
  "request.aborted": () => ({ code: "BAD_REQUEST", message: "The request body ended early." }),
  "request.size.invalid": () => ({ code: "BAD_REQUEST", message: "The request body's length does not match Content-Length." }),
  "encoding.invalid": () => ({ code: "BAD_REQUEST", message: "Request body is not valid UTF-8." }),
};

/**
 * body-parser's `verify` for JSON bodies: bytes that are not UTF-8 are refused (400 BAD_REQUEST) instead of being
 * decoded to U+FFFD, translated and billed.
 */
export function requireUtf8(_req: Request, _res: Response, body: Buffer): void {
  if (!isUtf8(body)) throw Object.assign(new Error("request body is not valid UTF-8"), { status: 400, type: "encoding.invalid" });
}

const CODE_BY_STATUS: Record<number, HttpErrorCode> = { 404: "NOT_FOUND", 413: "PAYLOAD_TOO_LARGE", 415: "UNSUPPORTED_MEDIA_TYPE" };

/**
 * The app's last error handler: whatever middleware raised the error (body
 * parsing, routing, a bug), the client gets JSON with a code and never a stack
 * or a path. A client error keeps its 4xx; anything else is logged and answered
 * 500 INTERNAL_SERVER_ERROR with `unexpected: true` and the request id.
 */
export function httpErrorHandler(logger: Logger) {
  return (error: unknown, req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) {
      next(error); // Express ends the connection; there is no body left to write
      return;
    }
    const failure = error as { type?: string; status?: number; statusCode?: number; expose?: boolean; limit?: number };
    const status = failure?.status ?? failure?.statusCode;
    const known = failure?.type ? BODY_FAILURES[failure.type] : undefined;
    if (typeof status === "number" && status >= 400 && status < 500) {
      const described = known?.(failure) ?? { code: CODE_BY_STATUS[status] ?? "BAD_REQUEST", message: `The request could not be handled (HTTP ${status}).` };
      sendHttpError(req, res, { status, ...described });
      return;
    }
    logger.error({ err: error, requestId: res.locals.requestId }, "unexpected error outside GraphQL (masked for the client)");
    const requestId = (res.locals.requestId as string | undefined) ?? "unknown";
    sendHttpError(req, res, { status: 500, code: "INTERNAL_SERVER_ERROR", message: `Internal server error (request ${requestId}).`, unexpected: true });
  };
}

/** Unknown routes: 404 NOT_FOUND as JSON, not Express's HTML page. */
export function notFoundHandler(req: Request, res: Response): void {
  sendHttpError(req, res, { status: 404, code: "NOT_FOUND", message: `No such endpoint: ${req.method} ${req.path.slice(0, 200)}. The API is at POST /graphql.` });
}

/**
 * POST /graphql takes JSON: another content type (text/plain, a form, none) is 415 UNSUPPORTED_MEDIA_TYPE, before
 * Apollo's CSRF check would answer it with a long paragraph about preflight requests. GET (queries in the URL, with
 * Apollo's CSRF header rule) goes on.
 */
export function requireJsonPost(req: Request, res: Response, next: NextFunction): void {
  if (req.method !== "POST" || req.is("application/json")) return next();
  sendHttpError(req, res, { status: 415, code: "UNSUPPORTED_MEDIA_TYPE", message: "POST /graphql takes a JSON body: send content-type: application/json." });
}
