import { mkdir, writeFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { createGateway, createLogger, generateApiKey, hashApiKey, keyPrefix, loadConfig } from "@parley/server";
import { repoRoot } from "@parley/server/testing";
import { startBareApollo } from "./bare-apollo.js";
import { createBenchDatabase } from "./bench-database.js";
import { createEchoEngine } from "./echo-engine.js";
import { measure, type Measurement, median, type Target } from "./load.js";
import { captureTranslateRequest, withFreshIdempotencyKeys, withoutIdempotencyKey } from "./sdk-request.js";
import { recordStatements } from "./statement-counter.js";

// Gateway overhead: translate through Parley (auth, rate limit, concurrency, quota reservation, ledger settlement;
// trivial engine) against a bare Apollo Server answering `{ __typename }`, same machine, same load generator, same run.
// The translate request is the one @parley/sdk sends: captured from `translations.create` (its generated Translate
// document, whose selection set includes model, modelVersion and its labels, and a fresh idempotency key per call).
// The rows run in turn, BENCH_ROUNDS times; each figure is the median over the rounds, and each ratio the median of
// the rounds' ratios (a row against the bare row of its own round), so a load burst from another process on the
// machine skews one round, not the result.
// Run: pnpm --filter @parley/bench exec tsx gateway/translate.ts
// Options: BENCH_SECONDS (per row and round, default 10), BENCH_ROUNDS (default 3), BENCH_CONNECTIONS (default 32),
// REDIS_URL (rate limits and tenant concurrency in Redis), BENCH_SHOW_SQL=1 (print the statements of one translate).

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);

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
const parley = `http://127.0.0.1:${((await gateway.start(0, "127.0.0.1")).address() as AddressInfo).port}`;
const bare = await startBareApollo();

const params = { model: "echo", texts: ["hello world, how are you?"] };
const sdkRequest = await captureTranslateRequest(parley, key, params);
const settled = () => new Promise((resolve) => setTimeout(resolve, 300)); // settlement follows delivery
const perTranslate = await recordStatements(() => captureTranslateRequest(parley, key, params).then(settled));
const typename = JSON.stringify({ query: "{ __typename }" });
const targets: { name: string; target: Target }[] = [
  { name: "bare Apollo { __typename }", target: { url: bare.url, body: typename } },
  { name: "Parley { __typename } (no key)", target: { url: `${parley}/graphql`, body: typename } },
  { name: "Parley translate, SDK request (fresh idempotency key each)", target: { url: `${parley}/graphql`, ...withFreshIdempotencyKeys(sdkRequest), uniqueIds: true } },
  { name: "Parley translate, SDK document, no idempotency key", target: { url: `${parley}/graphql`, ...withoutIdempotencyKey(sdkRequest) } },
];
const rounds: Measurement[][] = [];
let billed = 0;
try {
  for (let round = 0; round < ROUNDS; round += 1) {
    const measured: Measurement[] = [];
    for (const { target } of targets) measured.push(await measure(target, CONNECTIONS, SECONDS));
    rounds.push(measured);
  }
} finally {
  await gateway.stop();
  await bare.stop();
  billed = await db.prisma.usageRecord.count({ where: { status: "SUCCEEDED" } });
  await db.drop();
}

const rows = targets.map(({ name }, index) => {
  const runs = rounds.map((measured) => measured[index]!);
  return {
    name,
    requestsPerSecond: median(runs.map((run) => run.requestsPerSecond)),
    p50Ms: median(runs.map((run) => run.p50Ms)),
    p99Ms: median(runs.map((run) => run.p99Ms)),
    vsBare: median(rounds.map((measured) => measured[index]!.requestsPerSecond / measured[0]!.requestsPerSecond)),
    errors: runs.reduce((sum, run) => sum + run.errors, 0),
    rounds: runs,
  };
});
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
console.log(`load: autocannon, ${CONNECTIONS} connections, ${SECONDS} s per row after 2 s warm-up, ${ROUNDS} rounds (medians)`);
console.log(`ledger rows settled: ${billed}`);
console.log(`SQL statements of one SDK translate (alone, settlement included): ${perTranslate.statements.length}`);
if (process.env.BENCH_SHOW_SQL) for (const statement of perTranslate.statements) console.log(`  ${statement.replace(/\s+/g, " ").slice(0, 150)}`);
console.table(
  rows.map((row) => ({
    target: row.name,
    "req/s": row.requestsPerSecond,
    "p50 ms": row.p50Ms,
    "p99 ms": row.p99Ms,
    "vs bare": `${row.vsBare.toFixed(3)}x`,
    "req/s per round": row.rounds.map((run) => run.requestsPerSecond).join(" "),
    errors: row.errors,
  })),
);
const results = path.join(repoRoot, "bench", "results");
await mkdir(results, { recursive: true });
await writeFile(
  path.join(results, "gateway.json"),
  `${JSON.stringify(
    {
      date: new Date().toISOString(),
      machine,
      connections: CONNECTIONS,
      seconds: SECONDS,
      rounds: ROUNDS,
      translateDocument: (JSON.parse(sdkRequest.body) as { query: string }).query,
      sqlStatementsPerTranslate: perTranslate.statements.length,
      rows,
      ratioTranslateToBare: rows[2]!.vsBare,
    },
    null,
    2,
  )}\n`,
);
console.log(`written: bench/results/gateway.json`);
