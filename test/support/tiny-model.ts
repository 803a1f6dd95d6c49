import { createHash, randomUUID } from "node:crypto";
import { access, mkdir, open, rename, rm, stat } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * How the tiny test model is trained: a real (tiny) Transformer on a made-up-word corpus generated in code, small
 * enough to train in ~20 s on 2 cores. Any change here changes the cache directory, so it is retrained.
 */
const TINY_MODEL_SETTINGS = {
  corpus: { pairs: 700, vocabulary: 10, maxWords: 3, seed: 5 },
  split: { train: 600, dev: 50 },
  arch: "transformer",
  preset: "tiny",
  maxSteps: 150,
  vocabSize: 300,
  maxTokensPerBatch: 300,
  // A high peak rate suits this tiny task: test BLEU ~32 (vs ~11 at the default) in the same 150 steps.
  peakLearningRate: 3e-3,
  seed: 1,
  format: 1,
} as const;

let tinyModelDir: Promise<string> | undefined;

/**
 * A directory holding a tiny trained model artifact. Trained once and cached under
 * <repo>/.parley/test/tiny-model-<settings hash>/, so later runs (and parallel test files) reuse it.
 */
export function getTinyModelDir(): Promise<string> {
  tinyModelDir ??= ensureTinyModel();
  return tinyModelDir;
}

async function ensureTinyModel(): Promise<string> {
  const hash = createHash("sha256").update(JSON.stringify(TINY_MODEL_SETTINGS)).digest("hex").slice(0, 16);
  const dir = path.join(REPO_ROOT, ".parley", "test", `tiny-model-${hash}`);
  if (await isComplete(dir)) return dir;
  await mkdir(path.dirname(dir), { recursive: true });
  // One process trains; parallel test files wait for it rather than all training on the same 2 cores.
  const lock = `${dir}.lock`;
  while (!(await tryLock(lock))) {
    if (await isComplete(dir)) return dir;
    await sleep(250);
  }
  try {
    if (!(await isComplete(dir))) await trainAndPublish(dir);
  } finally {
    await rm(lock, { force: true });
  }
  return dir;
}

async function trainAndPublish(dir: string): Promise<void> {
  // Train into a private directory and publish it with one atomic rename: a parallel test file either wins the
  // rename or finds a complete model in place, never a half-written one.
  const staging = `${dir}.tmp-${process.pid}-${randomUUID()}`;
  try {
    await trainTinyModel(staging);
    await rename(staging, dir).catch(async (error: NodeJS.ErrnoException) => {
      if (!["EEXIST", "ENOTEMPTY", "EPERM"].includes(error.code ?? "") || !(await isComplete(dir))) throw error;
    });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** A lock older than this is left over from a killed run. */
const STALE_LOCK_MS = 5 * 60_000;

async function tryLock(lock: string): Promise<boolean> {
  try {
    await (await open(lock, "wx")).close();
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    const age = await stat(lock).then((info) => Date.now() - info.mtimeMs, () => 0);
    if (age > STALE_LOCK_MS) await rm(lock, { force: true });
    return false;
  }
}

async function trainTinyModel(outDir: string): Promise<void> {
  const { syntheticParallelCorpus, trainModel } = await import("@parley/engine");
  const settings = TINY_MODEL_SETTINGS;
  const pairs = syntheticParallelCorpus(settings.corpus);
  await trainModel({
    train: pairs.slice(0, settings.split.train),
    dev: pairs.slice(settings.split.train, settings.split.train + settings.split.dev),
    test: pairs.slice(settings.split.train + settings.split.dev),
    arch: settings.arch, preset: settings.preset, outDir, maxSteps: settings.maxSteps, vocabSize: settings.vocabSize,
    maxTokensPerBatch: settings.maxTokensPerBatch, peakLearningRate: settings.peakLearningRate, seed: settings.seed,
  });
}

/** The artifact's checksum file is written last, so its presence marks a complete model. */
async function isComplete(dir: string): Promise<boolean> {
  return access(path.join(dir, "checksum.sha256")).then(() => true, () => false);
}

/** Sources in the tiny model's made-up language (the model was trained on sentences like these). */
export async function tinyModelSentences(count: number): Promise<string[]> {
  const { syntheticParallelCorpus } = await import("@parley/engine");
  return syntheticParallelCorpus(TINY_MODEL_SETTINGS.corpus).slice(-count).map((pair) => pair.source);
}
