// Public API of @parley/server: what it takes to run the gateway, an engine worker or the training runner
// in a process of one's own (as `pnpm start`, the integration tests and the benchmarks do). Everything
// else under src/ is internal; test seams are in `@parley/server/testing` (src/testing.ts).

// The gateway: Express + Apollo on a database, an engine and a config.
export { createGateway, type Gateway, type GatewayOptions } from "./app/create-gateway.js";
export { loadConfig, ConfigError, type Config } from "./config/env.js";
export { createLogger, type Logger } from "./logging/logger.js";
export { GatewayMetrics } from "./observability/metrics.js";
export { StartupError } from "./startup-error.js";

// API keys: the format the gateway accepts and the admin key created on first start.
export { generateApiKey, hashApiKey, keyPrefix } from "./auth/api-key-format.js";
export { ensureAdminKey, type AdminKeySetup } from "./auth/admin-key.js";

// The database: Prisma client type, migrations, the embedded PostgreSQL, the row types and enums tests use.
export type { Database } from "./db/client.js";
export { listMigrations, migrateDatabase } from "./db/migrate.js";
export { startEmbeddedPostgres, type EmbeddedServer } from "./db/embedded-postgres.js";
export type { ApiKeyScope, Dataset, ModelVersionStatus } from "./db/generated/client.js";

// The engine as the gateway sees it: in process over @parley/engine, or engine workers through NATS.
export type {
  TranslationEngine, EngineBackendStatus, EngineDecodeOptions, EngineHealth, EngineModelVersion, EngineStats, EngineTranslation,
} from "./engine/translation-engine.js";
export { createTranslationEngine } from "./engine/create-translation-engine.js";
export { createEngineRuntimeAdapter, type EngineAdapterOptions } from "./engine/engine-runtime-adapter.js";
export { engineSubjects, WORKER_QUEUE_GROUP, type EngineSubjects } from "./engine/nats/engine-protocol.js";
export { connectToNats } from "./engine/nats/nats-connection.js";

// Training jobs and the public models registered at start.
export { TrainingRunner, type TrainingRunnerOptions } from "./modules/training/training-runner.js";
export { shippedModelsFor } from "./bootstrap/shipped-catalog.js";
export { registerShippedModels, SHIPPED_REASON, type RegisterShippedOptions } from "./bootstrap/shipped-models.js";
export { bootstrapPublicModels, BOOTSTRAP_MODEL, type BootstrapOptions } from "./bootstrap/public-models.js";
