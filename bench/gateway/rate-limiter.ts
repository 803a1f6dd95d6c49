import { randomUUID } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createLogger } from "@parley/server";
import { createSqlPools, KeyRateLimiter, repoRoot } from "@parley/server/testing";
import { createBenchDatabase } from "./bench-database.js";

// Which rate-limit store is faster: rate-limiter-flexible on Redis (REDIS_URL)
// or on the gateway's PostgreSQL (the default). One hot key (every request of
// one API key) and many keys, 32 requests in flight, a fixed time per case.
// Run: pnpm --filter @parley/bench exec tsx gateway/rate-limiter.ts

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const IN_FLIGHT = 32;
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

async function measure(limiter: KeyRateLimiter, keys: string[]) {
  const latencies: number[] = [];
  const end = Date.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async (_, worker) => {
      for (let i = worker; Date.now() < end; i += IN_FLIGHT) {
        const started = performance.now();
        await limiter.consume(keys[i % keys.length]!, 1_000_000_000);
        latencies.push(performance.now() - started);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const at = (q: number) => Number(latencies[Math.floor(q * (latencies.length - 1))]!.toFixed(2));
  return { opsPerSecond: Math.round(latencies.length / SECONDS), p50Ms: at(0.5), p99Ms: at(0.99) };
}

const db = await createBenchDatabase(createLogger("warn"));
const pools = createSqlPools(db.url);
const rows = [];
try {
  for (const store of ["postgres", "redis"] as const) {
    const limiter = await KeyRateLimiter.create({ redisUrl: store === "redis" ? REDIS_URL : undefined, sql: pools.relaxed });
    const hot = [randomUUID()];
    const many = Array.from({ length: 1000 }, () => randomUUID());
    await measure(limiter, many); // warm-up
    rows.push({ store, keys: "1 hot key", ...(await measure(limiter, hot)) });
    rows.push({ store, keys: "1000 keys", ...(await measure(limiter, many)) });
    await limiter.close();
  }
} finally {
  await pools.end();
  await db.drop();
}
const machine = `${os.cpus()[0]?.model}, ${os.cpus().length} cores, Node ${process.version}, load ${os.loadavg().map((v) => v.toFixed(2)).join(" ")}`;
console.log(`machine: ${machine}; ${IN_FLIGHT} in flight, ${SECONDS} s per row`);
console.table(rows);
await mkdir(path.join(repoRoot, "bench", "results"), { recursive: true });
await writeFile(path.join(repoRoot, "bench", "results", "gateway-rate-limiter.json"), `${JSON.stringify({ date: new Date().toISOString(), machine, rows }, null, 2)}\n`);
