import os from "node:os";
import { ConfigError, loadConfig } from "../../config/env.js";
import { createEngineRuntimeAdapter } from "../engine-runtime-adapter.js";
import { engineSubjects, WORKER_QUEUE_GROUP } from "../nats/engine-protocol.js";
import { connectToNats } from "../nats/nats-connection.js";
import type { TranslationEngine } from "../translation-engine.js";
import { createLogger } from "../../logging/logger.js";
import { StartupError } from "../../startup-error.js";
import { serveEngine, type EngineWorker } from "./serve-engine.js";

// `pnpm engine-worker`: one engine worker process for gateways started with the same NATS_URL and
// PARLEY_NATS_SUBJECT. Artifacts are read from the path in each request, so every worker must see the
// gateways' PARLEY_DATA_DIR at the same path (a shared filesystem).
let engine: TranslationEngine | undefined;
let worker: EngineWorker | undefined;

async function start(): Promise<void> {
  const config = loadConfig();
  const workerId = `${os.hostname()}-${process.pid}`;
  const logger = createLogger(config.LOG_LEVEL).child({ component: "engine-worker", worker: workerId });
  if (!config.NATS_URL) throw new StartupError("the engine worker needs NATS_URL (e.g. nats://127.0.0.1:4222)");
  const connection = await connectToNats(config.NATS_URL, `parley-engine-worker-${workerId}`, logger);
  engine = await createEngineRuntimeAdapter({
    maxBatchSize: config.PARLEY_ENGINE_MAX_BATCH,
    maxWaitMs: config.PARLEY_ENGINE_MAX_WAIT_MS,
    readyTimeoutMs: config.PARLEY_ENGINE_READY_TIMEOUT_MS,
    batchTimeoutMs: config.PARLEY_ENGINE_BATCH_TIMEOUT_MS,
  });
  const subjects = engineSubjects(config.PARLEY_NATS_SUBJECT);
  worker = serveEngine({ connection, engine, subjects, workerId, logger });
  await connection.flush(); // the subscriptions are registered with the broker: requests can reach this worker
  logger.info({ subject: subjects.translate, queue: WORKER_QUEUE_GROUP }, "engine worker ready");

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, ...worker?.counts() }, "draining: finishing requests in flight");
    try {
      await worker?.drain();
      await engine?.close();
      logger.info({ ...worker?.counts() }, "stopped");
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, "unclean stop");
      process.exit(1);
    }
  };
  // `on`, not `once`: tsx exits at once when a signal finds no listener left.
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

try {
  await start();
} catch (error) {
  await engine?.close().catch(() => undefined);
  if (error instanceof StartupError || error instanceof ConfigError) {
    process.stderr.write(`parley engine worker: ${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
