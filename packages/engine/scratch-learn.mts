import * as tf from "@tensorflow/tfjs-core";
import { initBackend } from "./src/backend/init-backend.js";
import { createModel } from "./src/models/create-model.js";
import { train } from "./src/training/trainer.js";
import { greedyDecode } from "./src/decoding/greedy.js";
import { reversalTask, exactMatchRate } from "./test/support/synthetic.js";
await initBackend(process.argv[3] ?? "wasm");
const arch = (process.argv[2] ?? "transformer") as "transformer" | "lstm";
const symbols = 10;
const config = arch === "transformer"
  ? { arch, vocabSize: symbols + 4, modelDim: 64, heads: 4, ffDim: 128, encoderLayers: 2, decoderLayers: 2, dropout: 0, maxLength: 16 } as const
  : { arch, vocabSize: symbols + 4, embedDim: 32, hiddenSize: 128, encoderLayers: 1, decoderLayers: 1, dropout: 0, maxLength: 16 } as const;
const model = createModel(config, 7);
const data = reversalTask(3000, { symbols, minLength: 3, maxLength: 8, seed: 1 });
const test = reversalTask(200, { symbols, minLength: 3, maxLength: 8, seed: 2 });
const t0 = performance.now();
const result = await train({ model, train: data, seed: 3, maxSteps: Number(process.argv[4] ?? 300), maxTokensPerBatch: 640, peakLearningRate: 3e-3, warmupSteps: 50, labelSmoothing: 0, progressEverySteps: 50, onProgress: (p) => console.log(p.step, p.loss.toFixed(3), Math.round(p.tokensPerSecond)) });
console.log("train s", ((performance.now() - t0) / 1000).toFixed(1), result.stopReason, "tensors", tf.memory().numTensors);
const t1 = performance.now();
const out = greedyDecode(model, test.map((p) => p.source));
console.log("greedy exact", exactMatchRate(out.map((h) => h.tokens), test), "decode s", ((performance.now() - t1) / 1000).toFixed(2));
