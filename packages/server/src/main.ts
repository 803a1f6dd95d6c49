import { ensureAdminKey } from "./auth/admin-key.js";
import { ConfigError, loadConfig } from "./config/env.js";
import { openDatabase, type OpenDatabase } from "./db/open-database.js";
import { createTranslationEngine } from "./engine/create-translation-engine.js";
import { reportEngineBackend } from "./engine/report-backend.js";
import type { TranslationEngine } from "./engine/translation-engine.js";
import { createGateway, type Gateway } from "./app/create-gateway.js";
import { createLogger, type Logger } from "./logging/logger.js";
import { GatewayMetrics } from "./observability/metrics.js";
import { StartupError } from "./startup-error.js";
import { bootstrapPublicModels } from "./bootstrap/public-models.js";
import { shippedModelsFor } from "./bootstrap/shipped-catalog.js";
import { registerShippedModels } from "./bootstrap/shipped-models.js";
import { warmEngine } from "./bootstrap/warm-engine.js";
import { TrainingRunner } from "./modules/training/training-runner.js";

// `pnpm start`: config → database (migrated) → admin key → training runner (resumes interrupted jobs)
// → shipped public models registered (and the opt-in bootstrap training) → engine, warmed with the
// shipped models' stable versions in the background → gateway on PORT at /graphql.
let database: OpenDatabase | undefined;
let engine: TranslationEngine | undefined;
let gateway: Gateway | undefined;
let trainingRunner: TrainingRunner | undefined;
let logger: Logger | undefined;

async function start(): Promise<void> {
  const config = loadConfig();
  logger = createLogger(config.LOG_LEVEL);
  database = await openDatabase(config, logger);
  const withDatabase = { ...config, DATABASE_URL: database.url };

  const admin = await ensureAdminKey(database.prisma, logger, config.PARLEY_ADMIN_KEY);
  if (admin.createdKey) {
    // Printed once, to stdout and not to the structured log: it is stored only as a hash.
    process.stdout.write(`\nparley: admin API key (shown once, store it now): ${admin.createdKey}\n\n`);
  }

  trainingRunner = new TrainingRunner({
    prisma: database.prisma,
    databaseUrl: database.url,
    dataDir: config.dataDir,
    logger: logger.child({ component: "training" }),
    concurrency: config.PARLEY_TRAINING_CONCURRENCY,
  });
  await trainingRunner.start();
  const shipped = await registerShippedModels({
    prisma: database.prisma,
    dataDir: config.dataDir,
    logger: logger.child({ component: "models" }),
    models: shippedModelsFor(config.PARLEY_MODELS_CATALOG),
  });
  await bootstrapPublicModels({
    prisma: database.prisma,
    dataDir: config.dataDir,
    logger: logger.child({ component: "bootstrap" }),
    adminTenantId: admin.tenantId,
    corpus: config.PARLEY_BOOTSTRAP_CORPUS,
    wake: () => trainingRunner?.wake(),
  });

  const metrics = new GatewayMetrics();
  engine = await createTranslationEngine(config, logger, { onBatch: (size) => metrics.engineBatchSize.observe(size) });
  const stableVersions = shipped.flatMap(({ stable }) => (stable?.artifactPath ? [{ id: stable.id, artifactPath: stable.artifactPath }] : []));
  void reportEngineBackend(engine, logger);
  void warmEngine(engine, stableVersions, logger.child({ component: "engine" }));
  gateway = await createGateway({ config: withDatabase, logger, prisma: database.prisma, engine, metrics, trainingRunner });
  await gateway.start(config.PORT, config.HOST);
}

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger?.info({ signal }, "shutting down: draining requests");
  try {
    await gateway?.stop();
    await trainingRunner?.stop();
    await engine?.close();
    await database?.close();
    logger?.info("stopped");
    process.exit(0);
  } catch (error) {
    logger?.error({ err: error }, "unclean shutdown");
    process.exit(1);
  }
}

// `on`, not `once`: tsx exits at once when a signal finds no listener left.
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));

try {
  await start();
} catch (error) {
  await gateway?.stop().catch(() => undefined);
  await trainingRunner?.stop().catch(() => undefined);
  await engine?.close().catch(() => undefined);
  await database?.close().catch(() => undefined);
  if (error instanceof StartupError || error instanceof ConfigError) {
    process.stderr.write(`parley: ${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
