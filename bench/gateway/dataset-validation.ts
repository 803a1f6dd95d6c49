import { execFileSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { validateInWorker } from "@parley/server/testing";

// What one dataset validation costs the gateway: wall time of validateInWorker (a fresh worker
// thread per upload, as POST /v1/datasets does), its CPU time (the machine may be busy) and how much it raises the process's peak RSS.
// Each run is a fresh process, so nothing is warm. Run:
//   pnpm --filter @parley/bench exec tsx gateway/dataset-validation.ts

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const PAIRS = Number(process.env.BENCH_PAIRS ?? 1000);

if (process.argv[2] === "--once") {
  const limits = { maxBytes: 32 * 1024 * 1024, maxPairs: 500_000 };
  const before = process.resourceUsage().maxRSS;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const result = await validateInWorker(process.argv[3]!, limits);
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  if (!result.ok) throw new Error(`validation failed: ${JSON.stringify(result.issues.slice(0, 3))}`);
  console.log(JSON.stringify({ pairs: result.pairCount, ms: Math.round(ms), cpuMs: Math.round((cpu.user + cpu.system) / 1000), peakRssGrowthMb: Math.round((process.resourceUsage().maxRSS - before) / 1024) }));
} else {
  const dir = await mkdtemp(path.join(os.tmpdir(), "parley-bench-validate-"));
  try {
    const file = path.join(dir, "pairs.tsv");
    await writeFile(file, Array.from({ length: PAIRS }, (_, i) => `sentence number ${i}\tphrase numéro ${i}\n`).join(""));
    const self = fileURLToPath(import.meta.url);
    const rows = Array.from({ length: RUNS }, () =>
      JSON.parse(execFileSync(process.execPath, ["--import", "tsx", self, "--once", file], { encoding: "utf8" }).trim().split("\n").at(-1)!) as {
        pairs: number; ms: number; cpuMs: number; peakRssGrowthMb: number;
      });
    console.table(rows);
    const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    console.log(`median of ${RUNS}: ${median(rows.map((r) => r.ms))} ms wall, ${median(rows.map((r) => r.cpuMs))} ms CPU, +${median(rows.map((r) => r.peakRssGrowthMb))} MB peak RSS per validation`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
