// Where a training step of the engine's own small Transformer spends its time: milliseconds per
// step for each wasm/native kernel, and the rest (JavaScript outside kernels: dropout masks, batch
// tensors, autodiff bookkeeping). Real eng-fra batches of the trainer's size (2,048 padded tokens).
// Run: pnpm exec tsx bench/engine/training-step-profile.ts   (writes bench/results/training-step-profile.json)
// Env: BENCH_PROFILE_STEPS (default 4), BENCH_PROFILE_BATCH_TOKENS (default 2048), PARLEY_BLAS_THREADS.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BpeTokenizer, FlatAdam, SeededRandom, bucketBatches, createModel, initBackend, presetConfig, trainStep } from "@parley/engine";
import { KernelTimer } from "./matmul-kernel-timer.js";
import { machineInfo, readCorpusPairs, resultsDir } from "./bench-env.js";

const steps = Number(process.env["BENCH_PROFILE_STEPS"] ?? 4);
const batchTokens = Number(process.env["BENCH_PROFILE_BATCH_TOKENS"] ?? 2048);
const backend = await initBackend();
const pairs = await readCorpusPairs("tatoeba/eng-fra/train.tsv", 20000);
const tokenizer = BpeTokenizer.train(pairs.flatMap((p) => [p.source, p.target]), { vocabSize: 8000 });
const encoded = pairs.map((p) => ({ source: tokenizer.encode(p.source), target: tokenizer.encode(p.target) }));
const batches = bucketBatches(encoded, batchTokens, new SeededRandom(1));
const model = createModel(presetConfig("transformer", "small", tokenizer.vocabSize), 1);
const optimizer = new FlatAdam(model.parameters.variables);
const training = { random: new SeededRandom(7) };

trainStep(model, optimizer, batches[0]!, 1e-4, 0.1, training); // warm-up
const timer = new KernelTimer();
timer.start(backend.name);
let tokens = 0;
const started = performance.now();
for (let i = 1; i <= steps; i++) tokens += trainStep(model, optimizer, batches[i]!, 1e-4, 0.1, training).targetTokens;
const stepMs = (performance.now() - started) / steps;
timer.stop();

const kernels = timer.top(20, steps);
const kernelMs = [...timer.totals.values()].reduce((sum, { ms }) => sum + ms, 0) / steps;
const machine = machineInfo();
console.log(`small Transformer training step on ${backend.name} (${backend.customKernels.length} custom kernels); ${machine.cpu}, ${machine.cores} cores`);
console.log(`${stepMs.toFixed(0)} ms per step, ${(tokens / steps).toFixed(0)} target tokens per step, ${((tokens / steps) / (stepMs / 1000)).toFixed(0)} target tokens/s; ` +
  `kernels ${kernelMs.toFixed(0)} ms, outside kernels ${(stepMs - kernelMs).toFixed(0)} ms`);
console.table(kernels.map((k) => ({ ...k, share: `${((k.msPerStep / stepMs) * 100).toFixed(1)}%` })));
mkdirSync(resultsDir, { recursive: true });
const out = join(resultsDir, "training-step-profile.json");
writeFileSync(out, `${JSON.stringify({ date: new Date().toISOString(), machine, backend: backend.name, batchTokens, steps, stepMs, kernelMs, targetTokensPerStep: tokens / steps, kernels }, null, 2)}\n`);
console.log(`wrote ${out}`);
