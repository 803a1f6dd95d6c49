import { pino, type Logger } from "pino";

export type { Logger };

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: "parley" },
    redact: { paths: ["req.headers.authorization", "*.apiKey", "*.key"], censor: "[redacted]" },
  });
}
