import * as tf from "@tensorflow/tfjs-core";
import { initBackend } from "./src/backend/init-backend.js";
import { createModel } from "./src/models/create-model.js";
import { FlatAdam } from "./src/training/flat-adam.js";
import { trainStep } from "./src/training/train-step.js";
import { SeededRandom } from "./src/models/seeded-random.js";
import { reversalTask } from "./test/support/synthetic.js";
await initBackend("wasm");
const model = createModel({ arch: "transformer", vocabSize: 14, modelDim: 64, heads: 4, ffDim: 128, encoderLayers: 2, decoderLayers: 2, dropout: 0.1, maxLength: 16 }, 7);
console.log("after create", tf.memory().numTensors);
const opt = new FlatAdam(model.parameters.variables);
console.log("after adam", tf.memory().numTensors);
const data = reversalTask(64, { symbols: 10, minLength: 3, maxLength: 8, seed: 1 });
const ctx = { random: new SeededRandom(1) };
for (let i = 0; i < 5; i++) { const t0 = performance.now(); trainStep(model, opt, data, 1e-3, 0.1, ctx); console.log("step", i, tf.memory().numTensors, (performance.now() - t0).toFixed(0), "ms"); }
const prof = await tf.profile(() => { trainStep(model, opt, data, 1e-3, 0.1, ctx); });
console.log("kernels per step", prof.kernels.length);
const byName = new Map<string, { n: number; ms: number }>();
for (const k of prof.kernels) { const e = byName.get(k.name) ?? { n: 0, ms: 0 }; e.n++; e.ms += k.kernelTimeMs as number; byName.set(k.name, e); }
console.log([...byName].sort((a, b) => b[1].ms - a[1].ms).slice(0, 15).map(([n, e]) => `${n} x${e.n} ${e.ms.toFixed(1)}ms`).join("\n"));
