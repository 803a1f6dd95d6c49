import http from "node:http";
import type { AddressInfo } from "node:net";
import { expressMiddleware } from "@as-integrations/express5";
import express from "express";
import type { Caller } from "../auth/authenticate.js";
import { KeyUsageRecorder } from "../auth/key-usage-recorder.js";
import type { Config } from "../config/env.js";
import type { Database } from "../db/client.js";
import { createSqlPools } from "../db/sql-pool.js";
import type { TranslationEngine } from "../engine/translation-engine.js";
import { DatabaseUnavailableError, GatewayError } from "../errors/gateway-errors.js";
import type { GatewayContext, GatewayServices } from "../graphql/context.js";
import { accessLog } from "../http/access-log.js";
import { answerClientErrorsWithJson } from "../http/client-errors.js";
import { httpErrorHandler, notFoundHandler, requireJsonPost, requireUtf8 } from "../http/error-responses.js";
import { consoleRoutes } from "../http/console.js";
import { corsFor } from "../http/cors.js";
import { createStreamRouter } from "../modules/streaming/stream-router.js";
import { createDatasetRouter } from "../modules/datasets/dataset-router.js";
import { createDocumentRouter } from "../modules/documents/document-router.js";
import { DocumentRunner } from "../modules/documents/document-runner.js";
import type { RunnerControl } from "../modules/training/training-service.js";
import { operationalRoutes } from "../http/health.js";
import { createLoaders } from "../graphql/loaders.js";
import { requestIdMiddleware } from "../http/request-scope.js";
import { KeyRateLimiter } from "../limits/key-rate-limiter.js";
import { createConcurrencyLimiter } from "../limits/create-concurrency-limiter.js";
import type { ConcurrencyLimiter } from "../limits/concurrency-limiter.js";
import { OpenReservations } from "../limits/held-reservation.js";
import { UsageLedger } from "../limits/usage-ledger.js";
import { watchDelivery } from "../http/response-delivery.js";
import { graphqlErrorBody, graphqlIdempotency } from "../idempotency/graphql-idempotency.js";
import { IdempotentRequests } from "../idempotency/idempotent-requests.js";
import { isDatabaseUnavailable } from "../db/connection-errors.js";
import type { Logger } from "../logging/logger.js";
import { GatewayMetrics } from "../observability/metrics.js";
import { StartupError } from "../startup-error.js";
import { createApolloServer } from "./apollo-server.js";
import { tagRequestId } from "./error-request-ids.js";
import { createGatewayCaches } from "./gateway-caches.js";

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
  let rateLimiter: KeyRateLimiter | undefined;
  let concurrency: ConcurrencyLimiter;
  try {
    rateLimiter = await KeyRateLimiter.create({ redisUrl: config.REDIS_URL, sql: sql.relaxed, logger });
    logger.info({ store: rateLimiter.storeName }, "rate limiter ready");
    concurrency = await createConcurrencyLimiter(config.REDIS_URL, logger);
  } catch (error) {
    await rateLimiter?.close().catch(() => undefined);
    await sql.end().catch(() => undefined);
    throw error;
  }
  const ledger = new UsageLedger(prisma, sql);
  const caches = createGatewayCaches(config.DATABASE_URL, sql.relaxed, logger, config.PARLEY_CACHE_TTL_MS);
  if (config.PARLEY_CACHE_TTL_MS > 0) await caches.invalidation.start();
  const services: GatewayServices = {
    config,
    prisma,
    sql,
    engine,
    logger,
    ...caches,
    metrics,
    rateLimiter,
    concurrency,
    ledger,
    reservations: new OpenReservations(ledger, logger),
    ...(options.trainingRunner ? { trainingRunner: options.trainingRunner } : {}),
  };
  const keyUsage = new KeyUsageRecorder(prisma, logger);
  const idempotentRequests = new IdempotentRequests(sql.durable);
  const sweeper = sweepStaleReservations(services.ledger, idempotentRequests, logger);
  const documentRunner = new DocumentRunner({
    databaseUrl: config.DATABASE_URL, sql: sql.durable, engine, ledger, logger: logger.child({ component: "documents" }),
    concurrency: config.PARLEY_DOCUMENT_CONCURRENCY, retentionHours: config.PARLEY_DOCUMENT_RETENTION_HOURS,
  });

  const app = express();
  app.disable("x-powered-by");
  const httpServer = http.createServer(app);
  answerClientErrorsWithJson(httpServer);
  const apollo = createApolloServer(services, httpServer, config.PARLEY_DRAIN_TIMEOUT_MS);
  await apollo.start();

  app.use(requestIdMiddleware);
  app.use(accessLog(logger));
  if (config.PARLEY_CORS_ORIGINS) app.use(["/graphql", "/v1/datasets", "/v1/documents", "/v1/translations/stream"], corsFor(config.PARLEY_CORS_ORIGINS));
  // First of the routes: the hot path does not walk the other routers' paths.
  app.use(
    "/graphql",
    requireJsonPost,
    express.json({ limit: config.PARLEY_MAX_BODY_BYTES, verify: requireUtf8 }),
    graphqlIdempotency({ store: idempotentRequests, logger, errorBody: graphqlErrorBody, authenticator: caches.authenticator }),
    expressMiddleware(apollo, {
      context: async ({ req, res }): Promise<GatewayContext> => {
        const requestId = res.locals.requestId as string;
        let caller: Caller | null = null;
        let authError: GatewayError | undefined;
        try {
          caller = await caches.authenticator.authenticateBearer(req.headers.authorization);
        } catch (error) {
          if (isDatabaseUnavailable(error)) authError = new DatabaseUnavailableError(requestId);
          else if (!(error instanceof GatewayError)) {
            tagRequestId(error, requestId); // masked by formatError, which names the request
            throw error;
          } else authError = error;
        }
        if (caller) keyUsage.record(caller.apiKey.id, caller.apiKey.lastUsedAt);
        const delivery = watchDelivery(res);
        const idempotencyKey = req.get("idempotency-key");
        return {
          requestId, logger: logger.child({ requestId }), services, caller, authError, delivery, idempotencyKey,
          rateLimit: undefined, loaders: createLoaders(prisma),
        };
      },
    }),
  );
  const readiness = concurrency.ping ? [{ name: "redis", check: () => concurrency.ping!() }] : [];
  app.use(operationalRoutes(prisma, metrics, readiness, engine));
  app.use("/console", consoleRoutes());
  const datasetLimits = { maxBytes: config.PARLEY_DATASET_MAX_BYTES, maxPairs: config.PARLEY_DATASET_MAX_PAIRS };
  const datasetIdempotency = { store: idempotentRequests, logger, errorBody: (code: string, message: string) => ({ error: { code, message } }) };
  app.use(createStreamRouter(services));
  app.use(createDatasetRouter({ prisma, sql: sql.relaxed, dataDir: config.dataDir, logger, limits: datasetLimits, idempotency: datasetIdempotency,
    authenticateRequest: (request) => caches.authenticator.authenticateBearer(request.headers.authorization) }));
  app.use(createDocumentRouter({ services, idempotency: datasetIdempotency, wake: () => documentRunner.wake() }));
  app.use(notFoundHandler);
  app.use(httpErrorHandler(logger));

  let stopped = false;
  return {
    app,
    metrics,
    async start(port, host = config.HOST) {
      await documentRunner.start();
      return listen(httpServer, port, host, logger);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      // The drain plugin stops accepting connections, waits up to PARLEY_DRAIN_TIMEOUT_MS for the requests in
      // flight, then cuts the rest: their responses close undelivered, which releases their reservations.
      await apollo.stop();
      clearInterval(sweeper);
      await documentRunner.stop(); // running documents pause after the engine calls in hand; the next claim resumes them
      const released = await services.reservations.releaseAll();
      if (released > 0) logger.warn({ released }, "released the reservations of answers not delivered before the drain timeout");
      await services.reservations.ended();
      await services.concurrency.idle(1_000);
      if (httpServer.listening) await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      await rateLimiter.close();
      await concurrency.close();
      await caches.invalidation.close();
      await sql.end();
    },
  };
}

/**
 * Every minute: reservations whose lease expired (their gateway died) are released, and idempotency keys past
 * their retention period deleted.
 */
function sweepStaleReservations(ledger: UsageLedger, idempotentRequests: IdempotentRequests, logger: Logger): NodeJS.Timeout {
  const sweep = async () => {
    await ledger
      .releaseExpired()
      .then((reservations) => reservations > 0 && logger.warn({ reservations }, "released reservations whose gateway stopped renewing them"))
      .catch((error: unknown) => logger.warn({ err: error }, "could not sweep stale reservations"));
    await idempotentRequests
      .deleteExpired()
      .then((keys) => keys > 0 && logger.info({ keys }, "deleted idempotency keys past their retention"))
      .catch((error: unknown) => logger.warn({ err: error }, "could not delete expired idempotency keys"));
  };
  void sweep();
  const timer = setInterval(sweep, 60_000);
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
