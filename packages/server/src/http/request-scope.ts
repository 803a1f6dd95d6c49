import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import type { NextFunction, Request, Response } from "express";

const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const scope = new AsyncLocalStorage<{ requestId: string }>();

/** The id of the request being handled, for code that has no request at hand (error masking). */
export function currentRequestId(): string | undefined {
  return scope.getStore()?.requestId;
}

/** Honours a sane incoming x-request-id, else makes one; echoes it on every response. */
export function requestIdMiddleware(req: Request, res: Response, next: NextFunction): void {
  const incoming = req.header("x-request-id");
  const requestId = incoming && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
  res.locals.requestId = requestId;
  res.setHeader("x-request-id", requestId);
  scope.run({ requestId }, next);
}
