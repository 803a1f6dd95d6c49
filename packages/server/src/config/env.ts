import path from "node:path";
import { z } from "zod";
import { BACKEND_NAMES } from "@parley/engine/data";
import { DEFAULT_DATASET_LIMITS } from "../modules/datasets/dataset-limits.js";
import { corsOriginsSchema } from "./cors-origins.js";

const booleanFlag = z
  .enum(["true", "false", "1", "0"])
  .transform((value) => value === "true" || value === "1");

const port = z.coerce.number().int().min(0).max(65535);

/** Every environment variable Parley reads, validated once at start. */
const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// connection URL")
    .optional(),
  PORT: port.default(4000),
  HOST: z.string().min(1).default("0.0.0.0"),
  PARLEY_DATA_DIR: z.string().min(1).default(".parley"),
  PARLEY_EMBEDDED_PG_PORT: port.default(54329),
  PARLEY_ADMIN_KEY: z
    .string()
    .regex(/^pk_[A-Za-z0-9_-]{8,}$/, "must look like pk_<at least 8 letters, digits, _ or ->")
    .optional(),
  PARLEY_BOOTSTRAP_CORPUS: z.string().min(1).optional(),
  PARLEY_MODELS_CATALOG: z.string().min(1).optional(),
  PARLEY_INTROSPECTION: booleanFlag.default(true),
  PARLEY_LANDING_PAGE: booleanFlag.default(true),
  PARLEY_MAX_BODY_BYTES: z.coerce.number().int().positive().default(1_048_576),
  PARLEY_CORS_ORIGINS: corsOriginsSchema.optional(),
  PARLEY_DATASET_MAX_BYTES: z.coerce.number().int().positive().default(DEFAULT_DATASET_LIMITS.maxBytes),
  PARLEY_DATASET_MAX_PAIRS: z.coerce.number().int().positive().default(DEFAULT_DATASET_LIMITS.maxPairs),
  /** Hours a finished document (upload and result) is kept before the sweeper deletes it. */
  PARLEY_DOCUMENT_RETENTION_HOURS: z.coerce.number().positive().max(24 * 366).default(24),
  /** Largest document upload, in bytes. */
  PARLEY_DOCUMENT_MAX_BYTES: z.coerce.number().int().positive().default(5 * 1024 * 1024),
  /** Documents this gateway translates at once; 0 leaves them to other gateways. */
  PARLEY_DOCUMENT_CONCURRENCY: z.coerce.number().int().min(0).max(16).default(1),
  PARLEY_TRAINING_CONCURRENCY: z.coerce.number().int().min(0).max(16).default(1),
  PARLEY_ENGINE_MAX_BATCH: z.coerce.number().int().positive().default(32),
  PARLEY_ENGINE_MAX_WAIT_MS: z.coerce.number().int().min(0).default(5),
  PARLEY_ENGINE_READY_TIMEOUT_MS: z.coerce.number().int().positive().default(120_000),
  PARLEY_ENGINE_BATCH_TIMEOUT_MS: z.coerce.number().int().positive().default(120_000),
  // Read by the engine's workers; checked here so a typo stops the start instead of every worker.
  PARLEY_BACKEND: z.enum(BACKEND_NAMES).optional(),
  PARLEY_NATIVE: z.enum(["0", "1"]).optional(),
  PARLEY_BLAS_THREADS: z.coerce.number().int().min(1).max(256).optional(),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, "must be a redis:// URL").optional(),
  NATS_URL: z
    .string()
    .regex(/^(nats|tls):\/\/[^\s,]+(,(nats|tls):\/\/[^\s,]+)*$/, "must be nats:// URLs, comma-separated")
    .optional(),
  PARLEY_NATS_SUBJECT: z
    .string()
    .regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/, "must be NATS subject tokens separated by dots")
    .default("parley.engine"),
  PARLEY_ENGINE_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  /** On SIGTERM: how long requests in flight may finish (25 s fits Kubernetes' default 30 s grace period). */
  PARLEY_DRAIN_TIMEOUT_MS: z.coerce.number().int().min(0).default(25_000),
  /**
   * The gateway's caches (API keys, model resolution, language pairs) are flushed by LISTEN/NOTIFY on every write;
   * this is only the safety net: an entry is read anew after this long anyway. 0 turns the caches off.
   */
  PARLEY_CACHE_TTL_MS: z.coerce.number().int().min(0).max(3_600_000).default(10_000),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type Config = z.infer<typeof envSchema> & { dataDir: string };

export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

/** Reads the environment; a bad value ends in one line naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ""));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = issue.path.join(".");
    throw new ConfigError(`${variable}=${JSON.stringify(present[variable] ?? "")} is invalid: ${issue.message}`);
  }
  return { ...parsed.data, dataDir: path.resolve(cwd, parsed.data.PARLEY_DATA_DIR) };
}
