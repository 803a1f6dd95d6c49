import type { NextFunction, Request, Response } from "express";
import type { Logger } from "../logging/logger.js";

/** One structured line per request, with its request id. */
export function accessLog(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = performance.now();
    res.on("finish", () => {
      const level = res.statusCode >= 500 ? "error" : "info";
      logger[level](
        {
          requestId: res.locals.requestId,
          method: req.method,
          path: req.originalUrl.split("?")[0],
          status: res.statusCode,
          ms: Math.round(performance.now() - started),
        },
        "request",
      );
    });
    next();
  };
}
