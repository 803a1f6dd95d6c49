// Where decoding time goes in the TensorFlow.js graph (TensorDecoder: LSTM models, and Transformers without the native
// addon; native decoding is profiled by native-decode-profile.ts), per decoder step, for the shipped eng-fra model: wall time per step,
// time inside tfjs kernels (wasm and native) against the rest (JavaScript: beam bookkeeping, tensor dispatch and
// allocation), kernel calls per step, and the costliest kernels; greedy and beam 4, batch 1 and 32.
// Run: pnpm exec tsx bench/engine/decode-step-profile.ts   (writes bench/results/decode-step-profile.json)
// Env: BENCH_PROFILE_SENTENCES (default 64), PARLEY_BLAS_THREADS.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { TranslationModel, beamSearch, bpeTokenizerCodec, greedyDecode, initBackend, noRepetitionGuard } from "@parley/engine";
import { shippedModels } from "@parley/models";
import { KernelTimer } from "./matmul-kernel-timer.js";
import { corpusFile, machineInfo, resultsDir } from "./bench-env.js";

const count = Number(process.env["BENCH_PROFILE_SENTENCES"] ?? 64);
const backend = await initBackend();
const modelDir = shippedModels().find((m) => m.name === "eng-fra")!.dir;
const model = await TranslationModel.load(modelDir);
const tokenizer = bpeTokenizerCodec.fromJSON(JSON.parse(readFileSync(join(modelDir, "tokenizer.json"), "utf8")));
const sources = readFileSync(corpusFile("tatoeba/eng-fra/test.tsv"), "utf8").trim().split("\n").slice(0, count).map((l) => tokenizer.encode(l.split("\t")[0]!));

const seq2seq = model.seq2seq;
let steps = 0;
const decodeStep = seq2seq.decodeStep.bind(seq2seq);
seq2seq.decodeStep = (state, tokens) => { steps++; return decodeStep(state, tokens); };

const rows = [];
for (const beam of [1, 4]) {
  for (const batch of [1, 32]) {
    const decode = (rowsOf: number[][]) => beam === 1
      ? greedyDecode(seq2seq, rowsOf, { repetitionGuard: noRepetitionGuard })
      : beamSearch(seq2seq, rowsOf, { beamSize: beam, repetitionGuard: noRepetitionGuard });
    decode(sources.slice(0, batch)); // warm-up
    steps = 0;
    const timer = new KernelTimer();
    timer.start(backend.name);
    const started = performance.now();
    for (let i = 0; i < sources.length; i += batch) decode(sources.slice(i, i + batch));
    const totalMs = performance.now() - started;
    timer.stop();
    const kernelMs = [...timer.totals.values()].reduce((sum, { ms }) => sum + ms, 0);
    const calls = [...timer.totals.values()].reduce((sum, { calls }) => sum + calls, 0);
    const stepMs = totalMs / steps;
    rows.push({
      decoding: beam === 1 ? "greedy" : `beam ${beam}`, batch, decoderSteps: steps, msPerStep: stepMs,
      kernelMsPerStep: kernelMs / steps, outsideMsPerStep: (totalMs - kernelMs) / steps, kernelShare: kernelMs / totalMs,
      kernelCallsPerStep: calls / steps, topKernels: timer.top(6, steps),
    });
  }
}
const machine = machineInfo();
console.log(`eng-fra decoding on ${backend.name} (native kernels: ${backend.nativeKernels}), ${sources.length} sentences; ${machine.cpu}, ${machine.cores} cores`);
console.table(rows.map(({ topKernels, ...row }) => ({
  ...row, msPerStep: row.msPerStep.toFixed(2), kernelMsPerStep: row.kernelMsPerStep.toFixed(2), outsideMsPerStep: row.outsideMsPerStep.toFixed(2),
  kernelShare: `${(row.kernelShare * 100).toFixed(0)}%`, kernelCallsPerStep: row.kernelCallsPerStep.toFixed(0),
  top: topKernels.slice(0, 3).map((k) => `${k.kernel} ${k.msPerStep}`).join(", "),
})));
mkdirSync(resultsDir, { recursive: true });
const out = join(resultsDir, "decode-step-profile.json");
writeFileSync(out, `${JSON.stringify({ date: new Date().toISOString(), machine, backend: backend.name, sentences: sources.length, rows }, null, 2)}\n`);
console.log(`wrote ${out}`);
model.dispose();
