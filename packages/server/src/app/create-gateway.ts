import http from "node:http";
import type { AddressInfo } from "node:net";
import { expressMiddleware } from "@as-integrations/express5";
import express from "express";
import { authenticate, bearerToken, type Caller } from "../auth/authenticate.js";
import { KeyUsageRecorder } from "../auth/key-usage-recorder.js";
import type { Config } from "../config/env.js";
import type { Database } from "../db/client.js";
import { createSqlPools } from "../db/sql-pool.js";
import type { TranslationEngine } from "../engine/translation-engine.js";
import { GatewayError } from "../errors/gateway-errors.js";
import type { GatewayContext, GatewayServices } from "../graphql/context.js";
import { accessLog } from "../http/access-log.js";
import { bodyErrorHandler } from "../http/body-errors.js";
import { consoleRoutes } from "../http/console.js";
import { corsFor } from "../http/cors.js";
import { createDatasetRouter } from "../modules/datasets/dataset-router.js";
import type { RunnerControl } from "../modules/training/training-service.js";
import { operationalRoutes } from "../http/health.js";
import { requestIdMiddleware } from "../http/request-scope.js";
import { KeyRateLimiter } from "../limits/key-rate-limiter.js";
import { createConcurrencyLimiter } from "../limits/create-concurrency-limiter.js";
import { UsageLedger } from "../limits/usage-ledger.js";
import type { Logger } from "../logging/logger.js";
import { GatewayMetrics } from "../observability/metrics.js";
import { StartupError } from "../startup-error.js";
import { createApolloServer } from "./apollo-server.js";

export interface GatewayOptions {
  /** DATABASE_URL must be the database `prisma` uses (the rate limiter shares it unless REDIS_URL is set). */
  config: Config;
  logger: Logger;
  prisma: Database;
  engine: TranslationEngine;
  /** Defaults to a new registry; pass one to read the metrics the engine adapter reports. */
  metrics?: GatewayMetrics;
  /** The training job runner of this process, if it runs one. */
  trainingRunner?: RunnerControl;
}

export interface Gateway {
  app: express.Express;
  metrics: GatewayMetrics;
  start(port: number, host?: string): Promise<http.Server>;
  stop(): Promise<void>;
}

export async function createGateway(options: GatewayOptions): Promise<Gateway> {
  const { config, logger, prisma, engine } = options;
  const metrics = options.metrics ?? new GatewayMetrics();
  metrics.watchEngine(engine);
  if (!config.DATABASE_URL) throw new StartupError("the gateway needs DATABASE_URL (the database Prisma uses)");
  const sql = createSqlPools(config.DATABASE_URL, (error) => logger.warn({ err: error }, "idle database connection lost"));
  const rateLimiter = await KeyRateLimiter.create({ redisUrl: config.REDIS_URL, sql: sql.relaxed });
  logger.info({ store: rateLimiter.storeName }, "rate limiter ready");
  const concurrency = await createConcurrencyLimiter(config.REDIS_URL, logger);
  const services: GatewayServices = {
    config,
    prisma,
    sql,
    engine,
    logger,
    metrics,
    rateLimiter,
    concurrency,
    ledger: new UsageLedger(prisma, sql),
    ...(options.trainingRunner ? { trainingRunner: options.trainingRunner } : {}),
  };
  const keyUsage = new KeyUsageRecorder(prisma, logger);
  const sweeper = sweepStaleReservations(services.ledger, logger);

  const app = express();
  app.disable("x-powered-by");
  const httpServer = http.createServer(app);
  const apollo = createApolloServer(services, httpServer);
  await apollo.start();

  app.use(requestIdMiddleware);
  app.use(accessLog(logger));
  app.use(operationalRoutes(prisma, metrics));
  app.use("/console", consoleRoutes());
  if (config.PARLEY_CORS_ORIGINS) app.use(["/graphql", "/v1/datasets"], corsFor(config.PARLEY_CORS_ORIGINS));
  const datasetLimits = { maxBytes: config.PARLEY_DATASET_MAX_BYTES, maxPairs: config.PARLEY_DATASET_MAX_PAIRS };
  app.use(createDatasetRouter({ prisma, sql: sql.relaxed, dataDir: config.dataDir, logger, limits: datasetLimits }));
  app.use(
    "/graphql",
    express.json({ limit: config.PARLEY_MAX_BODY_BYTES }),
    expressMiddleware(apollo, {
      context: async ({ req, res }): Promise<GatewayContext> => {
        const requestId = res.locals.requestId as string;
        let caller: Caller | null = null;
        let authError: GatewayError | undefined;
        try {
          const token = bearerToken(req.headers.authorization);
          if (token) caller = await authenticate(sql.relaxed, token);
        } catch (error) {
          if (!(error instanceof GatewayError)) throw error;
          authError = error;
        }
        if (caller) keyUsage.record(caller.apiKey.id, caller.apiKey.lastUsedAt);
        return { requestId, logger: logger.child({ requestId }), services, caller, authError, rateLimit: undefined };
      },
    }),
  );
  app.use(bodyErrorHandler);

  let stopped = false;
  return {
    app,
    metrics,
    start: (port, host = config.HOST) => listen(httpServer, port, host, logger),
    async stop() {
      if (stopped) return;
      stopped = true;
      // The drain plugin stops accepting connections and waits for requests in flight.
      await apollo.stop();
      clearInterval(sweeper);
      await services.concurrency.idle(15_000);
      if (httpServer.listening) await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      await rateLimiter.close();
      await concurrency.close();
      await sql.end();
    },
  };
}

/** A translation never takes this long; a reservation this old belongs to a gateway that died. */
const STALE_RESERVATION_MINUTES = 15;

function sweepStaleReservations(ledger: UsageLedger, logger: Logger): NodeJS.Timeout {
  const sweep = () =>
    ledger
      .releaseStale(STALE_RESERVATION_MINUTES)
      .then((released) => released > 0 && logger.warn({ released }, "released stale reservations"))
      .catch((error: unknown) => logger.warn({ err: error }, "could not sweep stale reservations"));
  void sweep();
  const timer = setInterval(sweep, 5 * 60_000);
  timer.unref();
  return timer;
}

function listen(server: http.Server, port: number, host: string, logger: Logger): Promise<http.Server> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(
        error.code === "EADDRINUSE"
          ? new StartupError(`port ${port} is in use: stop the other process or set PORT`)
          : new StartupError(`cannot listen on ${host}:${port}: ${error.message}`),
      );
    };
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      const address = server.address() as AddressInfo;
      logger.info({ url: `http://${host}:${address.port}/graphql` }, "gateway listening");
      resolve(server);
    });
  });
}
