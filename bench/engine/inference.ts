// Inference throughput and latency of a small Transformer (greedy decoding of a fixed 16 tokens per
// sentence, eng-fra dev sentences as input; see inference-model.ts):
// (a) one sentence per TranslationModel.translate call, sequentially, in this process; versus
// (b) EngineRuntime (batching scheduler + worker thread) under 1, 8, 32 and 64 concurrent callers,
// each sending one sentence at a time in a loop.
// Run: pnpm exec tsx bench/engine/inference.ts   (writes bench/results/inference.json)
// Set PARLEY_LOG_LEVEL=warn to hide the engine's logs.
// Env: BENCH_INFER_SECONDS (default 8) per measurement.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { EngineRuntime, TranslationModel, initBackend } from "@parley/engine";
import { machineInfo, percentile, readCorpusPairs, resultsDir } from "./bench-env.js";
import { ensureInferenceModel } from "./inference-model.js";

const seconds = Number(process.env["BENCH_INFER_SECONDS"] ?? 8);
/** Output tokens per sentence (the 1-step model decodes to the cap); about a Tatoeba French sentence. */
const MAX_OUTPUT_TOKENS = 16;
const CONCURRENCY = [1, 8, 32, 64];
const AGREEMENT_SAMPLE = 64;

const modelDir = await ensureInferenceModel();
const sentences = (await readCorpusPairs("tatoeba/eng-fra/dev.tsv", 5000)).map((p) => p.source);
if (sentences.length === 0) throw new Error("no dev sentences");

interface Measurement { mode: string; callers: number; sentences: number; seconds: number; sentencesPerSecond: number; p50Ms: number; p99Ms: number; meanOutputTokens: number; meanBatch?: number }

/** `callers` loops each sending one sentence at a time until the time is up. */
async function measure(mode: string, callers: number, translateOne: (text: string) => Promise<Array<{ outputTokens: number }>>): Promise<Measurement> {
  const latencies: number[] = [];
  let outputTokens = 0;
  let next = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(Array.from({ length: callers }, async () => {
    while (performance.now() < deadline) {
      const text = sentences[next++ % sentences.length]!;
      const t0 = performance.now();
      // Not `outputTokens += await ...`: that reads the total before awaiting and loses the other callers' updates.
      const [translation] = await translateOne(text);
      outputTokens += translation?.outputTokens ?? 0;
      latencies.push(performance.now() - t0);
    }
  }));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { mode, callers, sentences: latencies.length, seconds: elapsed, sentencesPerSecond: latencies.length / elapsed, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), meanOutputTokens: outputTokens / Math.max(1, latencies.length) };
}

const results: Measurement[] = [];
const backend = await initBackend();
const model = await TranslationModel.load(modelDir);
await model.translate([sentences[0]!], { maxLength: MAX_OUTPUT_TOKENS }); // warm-up
results.push(await measure("batch 1, sequential", 1, (text) => model.translate([text], { maxLength: MAX_OUTPUT_TOKENS })));

/** Share of sentences the scheduler (all sent at once) translates exactly as sequential batch-1 calls do. */
async function compareWithSequential(batchedOne: (text: string) => Promise<Array<{ text: string }>>): Promise<number> {
  const sample = sentences.slice(0, AGREEMENT_SAMPLE);
  const sequential: string[] = [];
  for (const text of sample) sequential.push((await model.translate([text], { maxLength: MAX_OUTPUT_TOKENS }))[0]!.text);
  const batched = await Promise.all(sample.map(async (text) => (await batchedOne(text))[0]!.text));
  return batched.filter((text, i) => text === sequential[i]).length / sample.length;
}

let agreement = Number.NaN;
const batchSizes: number[] = [];
const runtime = new EngineRuntime({ maxBatchSize: 32, maxWaitMs: 5, onBatch: (size) => batchSizes.push(size) });
try {
  const version = { id: "bench-inference", artifactPath: modelDir };
  await runtime.translate(version, [sentences[0]!], { maxLength: MAX_OUTPUT_TOKENS }); // loads the model in the worker
  agreement = await compareWithSequential((text) => runtime.translate(version, [text], { maxLength: MAX_OUTPUT_TOKENS }));
  for (const callers of CONCURRENCY) {
    batchSizes.length = 0;
    const result = await measure("EngineRuntime", callers, (text) => runtime.translate(version, [text], { maxLength: MAX_OUTPUT_TOKENS }));
    results.push({ ...result, meanBatch: batchSizes.reduce((a, b) => a + b, 0) / Math.max(1, batchSizes.length) });
  }
} finally {
  await runtime.close();
}

const baseline = results[0]!.sentencesPerSecond;
const withRatios = results.map((r) => ({ ...r, ratioVsBatch1: r.sentencesPerSecond / baseline }));
const machine = machineInfo();
console.log(`inference, small transformer, greedy, <= ${MAX_OUTPUT_TOKENS} output tokens, ${backend.name} backend; ${machine.cpu}, ${machine.cores} cores, node ${machine.node}`);
console.log(`${(agreement * 100).toFixed(1)}% of ${AGREEMENT_SAMPLE} sentences sent at once through EngineRuntime came back identical to sequential batch-1 translations`);
console.table(withRatios.map((r) => ({
  mode: r.mode, callers: r.callers, "sentences/s": r.sentencesPerSecond.toFixed(1), "vs batch 1": `${r.ratioVsBatch1.toFixed(2)}x`,
  "out tokens": r.meanOutputTokens.toFixed(1), "p50 ms": r.p50Ms.toFixed(0), "p99 ms": r.p99Ms.toFixed(0), "mean batch": r.meanBatch?.toFixed(1) ?? "",
})));
mkdirSync(resultsDir, { recursive: true });
const out = join(resultsDir, "inference.json");
writeFileSync(out, `${JSON.stringify({ date: new Date().toISOString(), machine, backend: backend.name, secondsPerRun: seconds, maxOutputTokens: MAX_OUTPUT_TOKENS, agreementWithBatch1: agreement, results: withRatios }, null, 2)}\n`);
console.log(`wrote ${out}`);
