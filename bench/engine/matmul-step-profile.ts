// Where a Transformer training step spends its time on wasm, with and without the native
// kernels: per-kernel milliseconds and target tokens/s of a stand-in model
// (d_model 256, 4 heads, FFN 1024, 2 encoder + 2 decoder layers, 64 pairs x 20 tokens, vocab 8000).
// Run: pnpm exec tsx bench/engine/matmul-step-profile.ts [--native-only]
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-layers"; // its bundle registers the gradients of all tfjs-core ops
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { KernelTimer } from "./matmul-kernel-timer.js";
import { nativeKernelStatus, registerNativeKernels } from "@parley/engine";

setWasmPaths(join(dirname(createRequire(import.meta.url).resolve("@tensorflow/tfjs-backend-wasm")), "/"));
await tf.setBackend("wasm");

const D = 256, HEADS = 4, FFN = 1024, LAYERS = 2, BATCH = 64, LEN = 20, VOCAB = 8000;
const HEAD_DIM = D / HEADS;

const weights: tf.Variable[] = [];
function weight(shape: number[]): tf.Variable {
  const v = tf.variable(tf.randomNormal(shape, 0, Math.sqrt(1 / shape[0]!)));
  weights.push(v);
  return v;
}
// Inputs are looked up in a frozen table: the gather gradient needs UnsortedSegmentSum, which the
// wasm backend lacks (the engine registers its own); the tied output projection is trained.
const inputEmbedding = tf.randomNormal([VOCAB, D]);
const embedding = weight([VOCAB, D]);
const layer = () => ({ wq: weight([D, D]), wk: weight([D, D]), wv: weight([D, D]), wo: weight([D, D]), w1: weight([D, FFN]), w2: weight([FFN, D]) });
const encoder = Array.from({ length: LAYERS }, layer);
const decoder = Array.from({ length: LAYERS }, () => ({ self: layer(), cross: layer() }));

const dense = (x: tf.Tensor, w: tf.Tensor) => tf.reshape(tf.matMul(tf.reshape(x, [-1, x.shape.at(-1)!]), w), [...x.shape.slice(0, -1), w.shape[1]!]);
const heads = (x: tf.Tensor) => tf.transpose(tf.reshape(x, [BATCH, LEN, HEADS, HEAD_DIM]), [0, 2, 1, 3]);
function norm(x: tf.Tensor): tf.Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-6)));
}
function attention(q: tf.Tensor, kv: tf.Tensor, l: ReturnType<typeof layer>, mask?: tf.Tensor): tf.Tensor {
  let scores = tf.mul(tf.matMul(heads(dense(q, l.wq)), heads(dense(kv, l.wk)), false, true), 1 / Math.sqrt(HEAD_DIM));
  if (mask) scores = tf.add(scores, mask);
  const context = tf.matMul(tf.softmax(scores), heads(dense(kv, l.wv)));
  return norm(tf.add(q, dense(tf.reshape(tf.transpose(context, [0, 2, 1, 3]), [BATCH, LEN, D]), l.wo)));
}
const ffn = (x: tf.Tensor, l: ReturnType<typeof layer>) => norm(tf.add(x, dense(tf.relu(dense(x, l.w1)), l.w2)));

function loss(source: tf.Tensor2D, target: tf.Tensor2D, causal: tf.Tensor): tf.Scalar {
  let memory: tf.Tensor = tf.gather(inputEmbedding, source);
  for (const l of encoder) memory = ffn(attention(memory, memory, l), l);
  let y: tf.Tensor = tf.gather(inputEmbedding, target);
  for (const l of decoder) y = ffn(attention(attention(y, y, l.self, causal), memory, l.cross), l.self);
  const logits = tf.matMul(tf.reshape(y, [-1, D]), embedding, false, true);
  return tf.losses.softmaxCrossEntropy(tf.oneHot(tf.reshape(target, [-1]), VOCAB), logits) as tf.Scalar;
}

const STEPS = 3;

async function profileSteps(label: string): Promise<void> {
  const optimizer = tf.train.adam(1e-3);
  const source = tf.randomUniform([BATCH, LEN], 0, VOCAB, "int32") as tf.Tensor2D;
  const target = tf.randomUniform([BATCH, LEN], 0, VOCAB, "int32") as tf.Tensor2D;
  const causal = tf.mul(tf.sub(1, tf.linalg.bandPart(tf.ones([LEN, LEN]), -1, 0)), -1e9);
  const step = () => optimizer.minimize(() => loss(source, target, causal), false, weights);
  step();
  // CPU time is reported beside wall time: on a shared machine it shows the step's own cost.
  const timer = new KernelTimer();
  timer.start("wasm");
  const stepsMs: number[] = [];
  const cpuMs: number[] = [];
  for (let i = 0; i < STEPS; i++) {
    const [start, cpuStart] = [performance.now(), process.cpuUsage()];
    step();
    const cpu = process.cpuUsage(cpuStart);
    stepsMs.push(performance.now() - start);
    cpuMs.push((cpu.user + cpu.system) / 1000);
  }
  timer.stop();
  const best = Math.min(...stepsMs);
  const bestCpu = Math.min(...cpuMs);
  const kernelMs = [...timer.totals.values()].reduce((sum, { ms }) => sum + ms, 0) / STEPS;
  const tokensPerSecond = (ms: number) => ((BATCH * LEN) / (ms / 1000)).toFixed(0);
  console.log(`\n${label}: best step ${best.toFixed(0)} ms wall (${tokensPerSecond(best)} target tokens/s), ` +
    `${bestCpu.toFixed(0)} ms CPU (${tokensPerSecond(bestCpu)} tokens/s per CPU-second); ` +
    `kernels ${kernelMs.toFixed(0)} ms of an average ${(stepsMs.reduce((a, b) => a + b, 0) / STEPS).toFixed(0)} ms step`);
  console.table(timer.top(15, STEPS));
}

if (!process.argv.includes("--native-only")) await profileSteps("wasm");
console.log(`native: ${registerNativeKernels().join(", ") || "none"} (${nativeKernelStatus().detail})`);
await profileSteps("wasm+native");
