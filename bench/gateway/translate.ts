import { mkdir, writeFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { ApolloServer } from "@apollo/server";
import { expressMiddleware } from "@as-integrations/express5";
import autocannon from "autocannon";
import express from "express";
import { createGateway, createLogger, generateApiKey, hashApiKey, keyPrefix, loadConfig } from "@parley/server";
import { repoRoot } from "@parley/server/testing";
import { createBenchDatabase } from "./bench-database.js";
import { createEchoEngine } from "./echo-engine.js";

// Gateway overhead: translate through Parley (auth, rate limit, concurrency,
// quota reservation, ledger settlement; trivial engine) against a bare Apollo
// Server answering `{ __typename }`, same machine, same load generator.
// Run: pnpm --filter @parley/bench exec tsx gateway/translate.ts
// Options: BENCH_SECONDS (default 10), BENCH_CONNECTIONS (default 32), REDIS_URL (rate limits in Redis).

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);

interface Row {
  name: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

async function load(name: string, url: string, body: string, headers: Record<string, string> = {}): Promise<Row> {
  const options = {
    url,
    method: "POST" as const,
    headers: { "content-type": "application/json", ...headers },
    body,
    connections: CONNECTIONS,
    // The load generator runs on its own thread, not on the gateway's event loop.
    workers: 1,
  };
  await autocannon({ ...options, duration: 2 }); // warm-up
  const result = await autocannon({ ...options, duration: SECONDS });
  return {
    name,
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.non2xx + result.timeouts,
  };
}

async function startBareApollo(): Promise<{ url: string; stop(): Promise<void> }> {
  const apollo = new ApolloServer({ typeDefs: "type Query { ok: Boolean }", resolvers: { Query: { ok: () => true } } });
  await apollo.start();
  const app = express();
  app.use("/graphql", express.json(), expressMiddleware(apollo));
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    async stop() {
      await apollo.stop();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const logger = createLogger("warn");
const db = await createBenchDatabase(logger);
const tenant = await db.prisma.tenant.create({
  data: { name: "bench", monthlyCharacterQuota: 10n ** 15n, requestsPerMinute: 1_000_000_000, maxConcurrentRequests: 10_000 },
});
const key = generateApiKey();
await db.prisma.apiKey.create({ data: { tenantId: tenant.id, name: "bench", prefix: keyPrefix(key), hash: hashApiKey(key), scopes: ["TRANSLATE"] } });
const model = await db.prisma.model.create({ data: { name: "echo", sourceLanguage: "en", targetLanguage: "fr" } });
const version = await db.prisma.modelVersion.create({
  data: { modelId: model.id, version: 1, status: "READY", architecture: "echo", artifactPath: "/dev/null" },
});
await db.prisma.modelLabel.create({ data: { modelId: model.id, name: "stable", versionId: version.id } });

// REDIS_URL set: the rate limiter uses Redis, as in production with several gateways.
const config = {
  ...loadConfig({ DATABASE_URL: db.url, LOG_LEVEL: "warn", ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}) }),
  PARLEY_LANDING_PAGE: false,
};
const gateway = await createGateway({ config, logger: createLogger("error"), prisma: db.prisma, engine: createEchoEngine() });
const parley = `http://127.0.0.1:${((await gateway.start(0, "127.0.0.1")).address() as AddressInfo).port}/graphql`;
const bare = await startBareApollo();

const typename = JSON.stringify({ query: "{ __typename }" });
const translate = JSON.stringify({
  query: `mutation { translate(input: { model: "echo", texts: ["hello world, how are you?"] }) { translations { text } usage { billedCharacters } } }`,
});
const rows: Row[] = [];
try {
  rows.push(await load("bare Apollo { __typename }", bare.url, typename));
  rows.push(await load("Parley { __typename } (no key)", parley, typename));
  rows.push(await load("Parley translate (1 text, all limits)", parley, translate, { authorization: `Bearer ${key}` }));
} finally {
  await gateway.stop();
  await bare.stop();
  const billed = await db.prisma.usageRecord.count({ where: { status: "SUCCEEDED" } });
  console.log(`ledger rows written: ${billed}`);
  await db.drop();
}

const baseline = rows[0]!;
const machine = {
  cpu: os.cpus()[0]?.model ?? "unknown",
  cores: os.cpus().length,
  memoryGiB: Math.round(os.totalmem() / 1024 ** 3),
  node: process.version,
  loadAverageAtEnd: os.loadavg().map((value) => Number(value.toFixed(2))),
  database: process.env.DATABASE_URL ? "DATABASE_URL server" : "embedded PostgreSQL",
  rateLimitStore: process.env.REDIS_URL ? "redis" : "postgres",
};
console.log(`\nmachine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}, load ${machine.loadAverageAtEnd.join(" ")}`);
console.log(`load: autocannon, ${CONNECTIONS} connections, ${SECONDS} s per row after 2 s warm-up\n`);
console.table(
  rows.map((row) => ({
    target: row.name,
    "req/s": row.requestsPerSecond,
    "p50 ms": row.p50Ms,
    "p99 ms": row.p99Ms,
    "vs bare req/s": `${(row.requestsPerSecond / baseline.requestsPerSecond).toFixed(3)}x`,
    errors: row.errors,
  })),
);
const results = path.join(repoRoot, "bench", "results");
await mkdir(results, { recursive: true });
await writeFile(
  path.join(results, "gateway.json"),
  `${JSON.stringify({ date: new Date().toISOString(), machine, connections: CONNECTIONS, seconds: SECONDS, rows, ratioTranslateToBare: rows[2]!.requestsPerSecond / baseline.requestsPerSecond }, null, 2)}\n`,
);
console.log(`written: bench/results/gateway.json`);
