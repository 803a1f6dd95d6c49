// GFLOP/s of tf.matMul on the cpu backend, the wasm backend, and wasm with the OpenBLAS
// kernels (1 and 2 BLAS threads), for a reference shape and the shapes of a small Transformer's
// training step (d_model 256, FFN 1024, 4 heads, 64 sentences x 20 tokens, vocabulary 8000);
// then the element-wise kernels the addon also replaces, on a logits-sized tensor.
// Run: pnpm exec tsx bench/engine/matmul.ts   (writes bench/results/matmul.json)
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, platform, release } from "node:os";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import {
  loadNativeAddon,
  nativeKernelStatus,
  registerNativeKernels,
  unregisterNativeKernels,
} from "@parley/engine";
import { matMulFlops, timeMatMul, timeUnary, type MatMulShape } from "./matmul-timing.js";

const shape = (name: string, a: number[], b: number[], transposeA = false, transposeB = false): MatMulShape =>
  ({ name, a, b, transposeA, transposeB });

const SHAPES: MatMulShape[] = [
  shape("reference 256x1024 · 1024x1024", [256, 1024], [1024, 1024]),
  shape("dense fwd 1280x256 · 256x1024", [1280, 256], [256, 1024]),
  shape("dense dW 1280x256ᵀ · 1280x1024", [1280, 256], [1280, 1024], true, false),
  shape("dense dX 1280x1024 · 256x1024ᵀ", [1280, 1024], [256, 1024], false, true),
  shape("attn scores 256×(20x64 · 20x64ᵀ)", [64, 4, 20, 64], [64, 4, 20, 64], false, true),
  shape("attn context 256×(20x20 · 20x64)", [64, 4, 20, 20], [64, 4, 20, 64]),
  shape("attn dV 256×(20x20ᵀ · 20x64)", [64, 4, 20, 20], [64, 4, 20, 64], true, false),
  shape("logits 1280x256 · 8000x256ᵀ", [1280, 256], [8000, 256], false, true),
];

interface Variant {
  label: string;
  backend: "cpu" | "wasm";
  blasThreads?: number;
  rounds: number;
}

const VARIANTS: Variant[] = [
  { label: "cpu", backend: "cpu", rounds: 2 },
  { label: "wasm", backend: "wasm", rounds: 5 },
  { label: "wasm+native 1t", backend: "wasm", blasThreads: 1, rounds: 5 },
  { label: "wasm+native 2t", backend: "wasm", blasThreads: 2, rounds: 5 },
];

async function selectVariant(variant: Variant): Promise<boolean> {
  if (!(await tf.setBackend(variant.backend))) throw new Error(`backend ${variant.backend} failed to start`);
  if (variant.blasThreads === undefined) {
    unregisterNativeKernels();
    return true;
  }
  const native = loadNativeAddon();
  if (native === null || registerNativeKernels().length === 0) return false;
  native.setThreads(variant.blasThreads);
  return true;
}

const require = createRequire(import.meta.url);
setWasmPaths(join(dirname(require.resolve("@tensorflow/tfjs-backend-wasm")), "/"));
const status = nativeKernelStatus();
console.log(`native kernels: ${status.loaded ? status.detail : `not available: ${status.detail}`}`);

const results = SHAPES.map((s) => ({ ...s, gflop: matMulFlops(s) / 1e9, runs: {} as Record<string, { ms: number; gflops: number }> }));
for (const variant of VARIANTS) {
  if (!(await selectVariant(variant))) continue;
  for (const result of results) {
    const ms = timeMatMul(result, variant.rounds, 300);
    result.runs[variant.label] = { ms, gflops: result.gflop / (ms / 1000) };
  }
}

const ELEMENTWISE_SHAPE = [1280, 8000];
/** Each op with its input range. */
const UNARY: Array<[string, (x: tf.Tensor) => tf.Tensor, [number, number]]> = [
  ["exp", tf.exp, [-5, 5]], ["log", tf.log, [0.5, 5]], ["tanh", tf.tanh, [-5, 5]], ["erf", tf.erf, [-3, 3]],
];
const elementwise = UNARY.map(([name]) => ({ name, melemPerSecond: {} as Record<string, number> }));
for (const [label, native] of [["wasm", false], ["wasm+native", true]] as const) {
  await tf.setBackend("wasm");
  if (native && registerNativeKernels().length === 0) continue;
  if (!native) unregisterNativeKernels();
  UNARY.forEach(([, op, range], i) => {
    const ms = timeUnary(op, ELEMENTWISE_SHAPE, range, 5);
    elementwise[i]!.melemPerSecond[label] = tf.util.sizeFromShape(ELEMENTWISE_SHAPE) / 1e3 / ms;
  });
}
unregisterNativeKernels();

const labels = VARIANTS.map((v) => v.label).filter((label) => results[0]?.runs[label] !== undefined);
const table = results.map((r) => {
  const row: Record<string, string> = { shape: r.name };
  for (const label of labels) {
    const run = r.runs[label];
    const wasm = r.runs.wasm;
    if (run === undefined || wasm === undefined) continue;
    const ratio = label === "wasm" ? "" : ` (${(run.gflops / wasm.gflops).toFixed(1)}x)`;
    row[label] = `${run.gflops.toFixed(1)}${ratio}`;
  }
  return row;
});
const machine = { cpu: cpus()[0]?.model ?? "unknown", cores: cpus().length, os: `${platform()} ${release()}`, node: process.version };
console.log(`GFLOP/s (ratio to wasm), best of rounds; ${machine.cpu}, ${machine.cores} cores`);
console.table(table);
console.log(`element-wise kernels on [${ELEMENTWISE_SHAPE.join(", ")}], million elements/s`);
console.table(elementwise.map(({ name, melemPerSecond }) => ({
  op: name,
  ...Object.fromEntries(Object.entries(melemPerSecond).map(([label, rate]) => [label, Math.round(rate)])),
})));

const outDir = join(dirname(fileURLToPath(import.meta.url)), "..", "results");
mkdirSync(outDir, { recursive: true });
const report = { date: new Date().toISOString(), machine, nativeKernels: status, shapes: results, elementwise };
writeFileSync(join(outDir, "matmul.json"), `${JSON.stringify(report, null, 2)}\n`);
console.log(`wrote ${join(outDir, "matmul.json")}`);
