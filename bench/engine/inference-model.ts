// The model the inference benchmark serves: a small Transformer with an eng-fra BPE vocabulary and
// weights after a single training step, kept in bench/results/tmp and reused by later runs. Nearly
// random weights rarely emit EOS, so every sentence decodes the full output cap: a fixed workload.
// (A model trained for a minute on 2 cores learns to emit EOS first, which measures nothing.)
import { existsSync } from "node:fs";
import { join } from "node:path";
import { trainModel } from "@parley/engine";
import { readCorpusPairs, scratchDir } from "./bench-env.js";

const MODEL_DIR = join(scratchDir, "inference-model-1-step");

export async function ensureInferenceModel(): Promise<string> {
  if (existsSync(join(MODEL_DIR, "config.json"))) return MODEL_DIR;
  const pairs = await readCorpusPairs("tatoeba/eng-fra/train.tsv", 20000);
  console.log("building the benchmark model (small transformer, BPE on 20k pairs, 1 step)…");
  await trainModel({
    train: pairs, dev: [], arch: "transformer", preset: "small", outDir: MODEL_DIR,
    maxSteps: 1, vocabSize: 8000, checkpointEverySteps: 100_000,
  });
  return MODEL_DIR;
}
