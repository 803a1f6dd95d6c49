// The model the inference benchmark serves: a small Transformer trained for a short while on
// eng-fra (quality is irrelevant), kept in bench/results/tmp and reused by later runs.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { trainModel } from "@parley/engine";
import { readCorpusPairs, scratchDir } from "./bench-env.js";

const MODEL_DIR = join(scratchDir, "inference-model");

export async function ensureInferenceModel(trainSeconds: number): Promise<string> {
  if (existsSync(join(MODEL_DIR, "config.json"))) return MODEL_DIR;
  const pairs = await readCorpusPairs("tatoeba/eng-fra/train.tsv", 20000);
  console.log(`training the benchmark model (small transformer, ${trainSeconds} s)…`);
  await trainModel({
    train: pairs, dev: [], arch: "transformer", preset: "small", outDir: MODEL_DIR,
    maxMinutes: trainSeconds / 60, maxSteps: 10_000, vocabSize: 8000, checkpointEverySteps: 100_000,
  });
  return MODEL_DIR;
}
