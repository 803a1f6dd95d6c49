import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { type ApiKeyScope, type Config, createGateway, createLogger, createTranslationEngine, ensureAdminKey, type Gateway, GatewayMetrics, generateApiKey, hashApiKey, keyPrefix, loadConfig, type TranslationEngine } from "@parley/server";
import { createTestDatabase, type TestDatabase } from "./database.js";
import { getTinyModelDir } from "./tiny-model.js";

export interface TenantLimitsInput {
  monthlyCharacterQuota?: number;
  requestsPerMinute?: number;
  maxConcurrentRequests?: number;
  maxBatchSize?: number;
  maxTextLength?: number;
  monthlyTrainingMinutes?: number;
}

export interface PublishedModel {
  modelId: string;
  versionId: string;
  name: string;
  version: number;
}

export interface TestGatewayOptions {
  /** Defaults to the production engine choice: in process over the tiny test model, or NATS workers with NATS_URL. */
  engine?: TranslationEngine;
  /** Environment variables read by loadConfig, as `pnpm start` would get them. */
  env?: Record<string, string>;
  configOverrides?: Partial<Config>;
  /** Another gateway's database, to run several gateways over one platform; its owner drops it. */
  db?: TestDatabase;
}

export interface TestGateway {
  /** Base URL, e.g. http://127.0.0.1:38123 */
  url: string;
  graphqlUrl: string;
  adminKey: string;
  db: TestDatabase;
  engine: TranslationEngine;
  metrics: GatewayMetrics;
  /** A tenant (random name) and a key for it; default scopes TRANSLATE and READ. */
  createTenantWithKey(limits?: TenantLimitsInput, scopes?: ApiKeyScope[]): Promise<{ tenantId: string; key: string }>;
  /** A model with version 1 READY on the tiny artifact and labelled stable; public unless ownerTenantId is given. */
  publishTinyModel(name?: string, options?: { ownerTenantId?: string; artifactPath?: string }): Promise<PublishedModel>;
  stop(): Promise<void>;
}

/** A real gateway on an ephemeral port, with a database of its own. */
export async function startTestGateway(options: TestGatewayOptions = {}): Promise<TestGateway> {
  const ownDatabase = !options.db;
  const db = options.db ?? (await createTestDatabase());
  const adminKey = generateApiKey();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "parley-gateway-test-"));
  const config: Config = {
    ...loadConfig({ DATABASE_URL: db.url, PARLEY_ADMIN_KEY: adminKey, PARLEY_DATA_DIR: dataDir, LOG_LEVEL: "silent", ...options.env }),
    ...options.configOverrides,
  };
  const logger = createLogger(process.env.PARLEY_TEST_LOG_LEVEL ?? config.LOG_LEVEL);
  await ensureAdminKey(db.prisma, logger, adminKey);
  const metrics = new GatewayMetrics();
  const ownEngine = !options.engine;
  const engine =
    options.engine ??
    (await createTranslationEngine(config, logger, {
      onBatch: (size) => metrics.engineBatchSize.observe(size),
    }));
  let gateway: Gateway;
  try {
    gateway = await createGateway({ config, logger, prisma: db.prisma, engine, metrics });
  } catch (error) {
    if (ownEngine) await engine.close();
    if (ownDatabase) await db.drop();
    throw error;
  }
  const server = await gateway.start(0, "127.0.0.1");
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let tenantCount = 0;

  return {
    url,
    graphqlUrl: `${url}/graphql`,
    adminKey,
    db,
    engine,
    metrics,
    async createTenantWithKey(limits = {}, scopes = ["TRANSLATE", "READ"]) {
      tenantCount += 1;
      const { monthlyCharacterQuota, ...rest } = limits;
      const tenant = await db.prisma.tenant.create({
        data: {
          name: `tenant-${tenantCount}-${Math.random().toString(36).slice(2, 8)}`,
          ...rest,
          ...(monthlyCharacterQuota === undefined ? {} : { monthlyCharacterQuota: BigInt(monthlyCharacterQuota) }),
        },
      });
      const key = generateApiKey();
      await db.prisma.apiKey.create({
        data: { tenantId: tenant.id, name: "test", prefix: keyPrefix(key), hash: hashApiKey(key), scopes },
      });
      return { tenantId: tenant.id, key };
    },
    async publishTinyModel(name = "tiny-en-fr", publishOptions = {}) {
      const artifactPath = publishOptions.artifactPath ?? (await getTinyModelDir());
      const model = await db.prisma.model.create({
        data: { name, sourceLanguage: "en", targetLanguage: "fr", ownerTenantId: publishOptions.ownerTenantId ?? null },
      });
      const version = await db.prisma.modelVersion.create({
        data: { modelId: model.id, version: 1, status: "READY", architecture: "tiny", artifactPath },
      });
      await db.prisma.modelLabel.create({ data: { modelId: model.id, name: "stable", versionId: version.id } });
      return { modelId: model.id, versionId: version.id, name, version: 1 };
    },
    async stop() {
      await gateway.stop();
      if (ownEngine) await engine.close();
      if (ownDatabase) await db.drop();
    },
  };
}

export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  headers: Headers;
  data: T | null | undefined;
  errors: { message: string; path?: string[]; extensions?: Record<string, unknown> }[] | undefined;
}

/** POSTs one GraphQL operation, with a key when given. */
export async function graphql<T = Record<string, any>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  key?: string,
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T | null; errors?: GraphQLResponse["errors"] };
  return { status: response.status, headers: response.headers, data: body.data, errors: body.errors };
}

/** The first error's extensions.code, if any. */
export function errorCode(response: GraphQLResponse<unknown>): string | undefined {
  return response.errors?.[0]?.extensions?.code as string | undefined;
}
