import type { NextFunction, Request, Response } from "express";

/** Body parser failures as GraphQL-shaped JSON: 413 when over PARLEY_MAX_BODY_BYTES, 400 when unreadable. */
export function bodyErrorHandler(error: unknown, _req: Request, res: Response, next: NextFunction): void {
  const failure = error as { type?: string; status?: number; limit?: number };
  if (failure?.type === "entity.too.large") {
    res.status(413).json({
      errors: [{ message: `Request body exceeds ${failure.limit} bytes.`, extensions: { code: "PAYLOAD_TOO_LARGE" } }],
    });
    return;
  }
  if (failure?.status === 400 || failure?.type === "entity.parse.failed") {
    res.status(400).json({ errors: [{ message: "Request body is not valid JSON.", extensions: { code: "BAD_REQUEST" } }] });
    return;
  }
  next(error);
}
