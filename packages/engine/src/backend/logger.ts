import { pino } from "pino";

/** Engine-wide logger. Writes to stderr so CLIs can keep stdout for results. */
export const engineLogger = pino(
  { name: "parley-engine", level: process.env["PARLEY_LOG_LEVEL"] ?? "info" },
  pino.destination(2),
);
