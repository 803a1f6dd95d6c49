// @parley/server/testing: what the integration tests (test/) and benchmarks (bench/) need beyond the public
// API (src/index.ts): scratch databases, the repository's paths, the process entry points to spawn, and the
// gateway's pieces they exercise on their own. Not for production code; nothing here is a stable API.
import { fileURLToPath } from "node:url";

// Databases of their own on a shared PostgreSQL server.
export { createScratchDatabase, type ScratchDatabase, type ScratchDatabaseOptions } from "./db/scratch-database.js";
export { withDatabase } from "./db/connection-url.js";
export { createSqlPool, createSqlPools, type SqlPool, type SqlPools } from "./db/sql-pool.js";
export { repoRoot } from "./paths.js";

/** `pnpm start`'s entry point, for tests that run the whole platform in a child process. */
export const gatewayMainScript = fileURLToPath(new URL("./main.ts", import.meta.url));
/** `pnpm engine-worker`'s entry point, for tests that run engine workers in child processes. */
export const engineWorkerMainScript = fileURLToPath(new URL("./engine/worker/main.ts", import.meta.url));

// Limits and billing, driven directly by the database-outage, scale-out and rate-limiter tests and benches.
export { billingPeriod } from "./limits/billing-period.js";
export { UsageLedger } from "./limits/usage-ledger.js";
export { KeyRateLimiter } from "./limits/key-rate-limiter.js";
export { RedisTenantConcurrency } from "./limits/redis-tenant-concurrency.js";
export { TolerantSemaphore } from "./limits/tolerant-semaphore.js";

// Registry, engine workers, training artifacts and uploads, checked on their own.
export { moveLabel } from "./modules/models/release-service.js";
export { resolveServingVersion } from "./modules/translate/model-resolution.js";
export { collectWorkerStats } from "./engine/nats/worker-gauges.js";
export { digestDirectory } from "./modules/training/artifact-digest.js";
export { validateInWorker } from "./modules/datasets/validate-in-worker.js";
export { planDocument } from "./modules/documents/document-plan.js";
export { deleteExpiredDocuments } from "./modules/documents/document-sweeper.js";
