// Training throughput (target tokens/s) of the small Transformer and small LSTM presets per
// backend: plain wasm (PARLEY_NATIVE=0), wasm with the native kernels (default; also with
// 4,096-token batches), and cpu. Each run is its own process; the first step is a warm-up and not
// counted. The cpu backend is about 100x slower, so it only gets a couple of steps.
// Run: pnpm exec tsx bench/engine/training.ts   (writes bench/results/training.json)
// Env: BENCH_TRAIN_SECONDS (default 40) per wasm run, BENCH_CPU_STEPS (default 2; 0 skips cpu), BENCH_TRAIN_PAIRS (default 20000).
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { BpeTokenizer, type Architecture } from "@parley/engine";
import { machineInfo, readCorpusPairs, resultsDir, scratchDir } from "./bench-env.js";
import { runChild } from "./run-child.js";
import type { TrainingJob, TrainingMeasurement } from "./training-worker.js";

const seconds = Number(process.env["BENCH_TRAIN_SECONDS"] ?? 40);
const cpuSteps = Number(process.env["BENCH_CPU_STEPS"] ?? 2);
const pairCount = Number(process.env["BENCH_TRAIN_PAIRS"] ?? 20000);
/** The trainer's default padded tokens per batch. */
const TRAINER_BATCH_TOKENS = 2048;
const CPU_BATCH_TOKENS = 256;

interface BackendVariant { label: string; env: Record<string, string>; maxSteps: number; batchTokens: number }
const VARIANTS: BackendVariant[] = [
  { label: "wasm", env: { PARLEY_BACKEND: "wasm", PARLEY_NATIVE: "0" }, maxSteps: 100_000, batchTokens: TRAINER_BATCH_TOKENS },
  { label: "wasm+native", env: { PARLEY_BACKEND: "wasm" }, maxSteps: 100_000, batchTokens: TRAINER_BATCH_TOKENS },
  // `--batch-tokens 4096` (fairseq's usual size): fewer, larger steps spread the per-step costs.
  { label: "wasm+native", env: { PARLEY_BACKEND: "wasm" }, maxSteps: 100_000, batchTokens: 2 * TRAINER_BATCH_TOKENS },
  // A trainer-sized step takes minutes on cpu, so it gets small batches (which only flatter it)
  // and a few steps; BENCH_CPU_STEPS=0 skips it.
  ...(cpuSteps >= 2 ? [{ label: "cpu", env: { PARLEY_BACKEND: "cpu" }, maxSteps: cpuSteps, batchTokens: CPU_BATCH_TOKENS }] : []),
];
const ARCHS: Architecture[] = ["transformer", "lstm"];

const dataFile = join(scratchDir, `training-data-${pairCount}.json`);
mkdirSync(scratchDir, { recursive: true });
if (!existsSync(dataFile)) {
  const pairs = await readCorpusPairs("tatoeba/eng-fra/train.tsv", pairCount);
  console.log(`training a BPE tokenizer on ${pairs.length} eng-fra pairs…`);
  const tokenizer = BpeTokenizer.train(pairs.flatMap((p) => [p.source, p.target]), { vocabSize: 8000 });
  writeFileSync(dataFile, JSON.stringify({ tokenizer: tokenizer.toJSON(), pairs }));
}

const worker = fileURLToPath(new URL("./training-worker.ts", import.meta.url));
const runs: Array<{ arch: Architecture; backend: string; batchTokens: number } & TrainingMeasurement> = [];
for (const arch of ARCHS) {
  for (const variant of VARIANTS) {
    const job: TrainingJob = { arch, dataFile, maxSeconds: seconds, minSteps: 3, maxSteps: variant.maxSteps, batchTokens: variant.batchTokens };
    console.log(`${arch} on ${variant.label}, ${variant.batchTokens}-token batches: ${variant.label === "cpu" ? `${cpuSteps} steps (cpu is ~100x slower)` : `${seconds} s`}`);
    try {
      const result = await runChild<TrainingMeasurement>(worker, { ...variant.env, BENCH_TRAINING_JOB: JSON.stringify(job), PARLEY_LOG_LEVEL: "warn" });
      runs.push({ ...result, arch, backend: variant.label, batchTokens: variant.batchTokens });
    } catch (error) {
      console.error(`${arch} on ${variant.label} failed: ${(error as Error).message}`);
    }
  }
}

const withRatios = runs.map((run) => {
  const plain = runs.find((r) => r.arch === run.arch && r.backend === "wasm" && r.batchTokens === TRAINER_BATCH_TOKENS);
  return { ...run, ratioVsWasm: plain === undefined ? null : run.tokensPerSecond / plain.tokensPerSecond };
});
const machine = machineInfo();
console.log(`training target tokens/s, small presets, first step excluded; ${machine.cpu}, ${machine.cores} cores, node ${machine.node}`);
console.table(withRatios.map((r) => ({
  model: `${r.arch} (${(r.parameters / 1e6).toFixed(1)}M)`, backend: r.backend, "batch tokens": r.batchTokens, steps: r.steps, seconds: r.seconds.toFixed(1),
  "tokens/s": r.tokensPerSecond.toFixed(0), "vs wasm": r.ratioVsWasm === null ? "" : `${r.ratioVsWasm.toFixed(2)}x`,
  "warm-up step s": r.warmupStepSeconds.toFixed(1),
})));
mkdirSync(resultsDir, { recursive: true });
const out = join(resultsDir, "training.json");
writeFileSync(out, `${JSON.stringify({ date: new Date().toISOString(), machine, preset: "small", trainPairs: pairCount, secondsPerRun: seconds, runs: withRatios }, null, 2)}\n`);
console.log(`wrote ${out}`);
if (runs.length < ARCHS.length * VARIANTS.length) process.exitCode = 1;
