import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { Command, InvalidArgumentError, Option } from "commander";
import cliProgress from "cli-progress";
import { trainModel } from "../training/train-model.js";
import type { TrainingProgress } from "../training/progress.js";
import type { Architecture, PresetName } from "../models/config.js";
import type { BleuTokenizerName } from "../eval/sacrebleu-tokenizers.js";
import { readTrainingTsv } from "./read-training-tsv.js";

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError("must be a positive number");
  return n;
}

function formatSeconds(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return "?";
  const s = Math.round(seconds);
  return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
}

const program = new Command()
  .name("parley-train")
  .description("Train a translation model from a TSV corpus (source<TAB>target per line).")
  .requiredOption("--corpus <file>", "training pairs (TSV)")
  .requiredOption("--dev <file>", "development pairs (TSV) for early stopping")
  .option("--test <file>", "held-out pairs (TSV) scored with BLEU and chrF after training")
  .addOption(new Option("--bleu-tokenize <name>", "BLEU tokenizer (default: zh for mostly-CJK targets, else 13a)").choices(["13a", "zh"]))
  .requiredOption("--out <dir>", "model version directory to write")
  .option("--arch <arch>", "transformer | lstm (default transformer; with --init-from: the parent's)")
  .option("--preset <preset>", "tiny | small | base (default small; with --init-from: the parent's)")
  .option("--max-minutes <n>", "time budget", positiveNumber)
  .option("--max-steps <n>", "step budget", positiveNumber)
  .option("--max-epochs <n>", "epoch budget", positiveNumber)
  .option("--vocab-size <n>", "BPE vocabulary size (default 8000; with --init-from: the parent's)", positiveNumber)
  .option("--limit <n>", "use only the first n training pairs", positiveNumber)
  .option("--batch-tokens <n>", "padded tokens per batch", positiveNumber)
  .option("--learning-rate <rate>", "peak learning rate after warm-up", positiveNumber)
  .option("--eval-every <steps>", "dev evaluation interval (default: once per epoch, at most every 500 steps)", positiveNumber)
  .option("--reverse", "train the other direction: column 2 of every TSV is the source", false)
  .option("--no-placeholders", "do not teach the model to copy placeholders (numbers, URLs, tags, emoji kept verbatim)")
  .option("--seed <n>", "random seed", positiveNumber, 1)
  .option("--resume <checkpointDir>", "continue from a checkpoint (e.g. <out>/checkpoint)")
  .option("--init-from <dir>", "continue training a model version (its tokenizer, config and weights; given --arch/--preset must match it)")
  .parse();

const options = program.opts<{
  corpus: string; dev: string; test?: string; bleuTokenize?: BleuTokenizerName; out: string; arch?: string; preset?: string; maxMinutes?: number; maxSteps?: number;
  maxEpochs?: number; vocabSize?: number; limit?: number; batchTokens?: number; learningRate?: number; evalEvery?: number; seed: number; resume?: string; initFrom?: string; reverse: boolean; placeholders: boolean;
}>();
if (options.arch !== undefined && !["transformer", "lstm"].includes(options.arch)) program.error(`unknown --arch ${options.arch}`);
if (options.preset !== undefined && !["tiny", "small", "base"].includes(options.preset)) program.error(`unknown --preset ${options.preset}`);
const arch = options.arch as Architecture | undefined;
const preset = options.preset as PresetName | undefined;
const modelSource = options.initFrom === undefined
  ? { arch: arch ?? "transformer", preset: preset ?? "small", vocabSize: options.vocabSize ?? 8000 }
  : { initFrom: options.initFrom, arch, preset, vocabSize: options.vocabSize };

const read = async (file: string, readOptions?: { keepDuplicates?: boolean }) => {
  const pairs = await readTrainingTsv(file, readOptions);
  return options.reverse ? pairs.map(({ source, target }) => ({ source: target, target: source })) : pairs;
};
const corpus = await read(options.corpus);
const dev = await read(options.dev);
const test = options.test === undefined ? undefined : await read(options.test, { keepDuplicates: true });
const trainPairs = options.limit === undefined ? corpus : corpus.slice(0, options.limit);
console.error(`training pairs: ${trainPairs.length}, dev pairs: ${dev.length}` + (test ? `, test pairs: ${test.length}` : ""));

const bar = new cliProgress.SingleBar({
  format: "{bar} {percentage}% | step {value}/{total} | epoch {epoch} | loss {loss} | dev {dev} | {tps} tok/s | ETA {eta_h}",
  hideCursor: true,
  // Without a terminal (CI, nohup, a job runner's log) print a plain line every 30 s instead.
  noTTYOutput: !process.stderr.isTTY,
  notTTYSchedule: 30_000,
}, cliProgress.Presets.shades_classic);
const controller = new AbortController();
process.once("SIGINT", () => controller.abort());
let started = false;
const curves: TrainingProgress[] = [];
const onProgress = (p: TrainingProgress) => {
  curves.push(p);
  const total = p.totalSteps ?? Math.max(p.step, Math.round(p.step + (p.etaSeconds ?? 0) / Math.max(p.elapsedSeconds / p.step, 1e-9)));
  const payload = {
    epoch: p.epoch, loss: p.loss.toFixed(3), dev: p.devLoss?.toFixed(3) ?? "-", tps: Math.round(p.tokensPerSecond),
    eta_h: formatSeconds(p.etaSeconds),
  };
  if (!started) { bar.start(total, p.step, payload); started = true; }
  bar.setTotal(total);
  bar.update(p.step, payload);
};

try {
  const result = await trainModel({
    train: trainPairs, dev, test, bleuTokenize: options.bleuTokenize, ...modelSource,
    outDir: options.out, maxMinutes: options.maxMinutes, maxSteps: options.maxSteps, maxEpochs: options.maxEpochs,
    seed: options.seed, resumeFrom: options.resume, maxTokensPerBatch: options.batchTokens,
    peakLearningRate: options.learningRate, evalEverySteps: options.evalEvery, placeholders: options.placeholders,
    onProgress, signal: controller.signal,
  });
  bar.stop();
  console.log(JSON.stringify(result.metrics, null, 2));
  const { bleu, chrF, devBleu, testSentences, bleuTokenize } = result.metrics;
  if (typeof bleu === "number" && typeof chrF === "number") {
    console.log(`test (${String(testSentences)} sentences, greedy, tokenize=${String(bleuTokenize)}): BLEU ${bleu.toFixed(2)}, chrF ${chrF.toFixed(2)}` +
      (typeof devBleu === "number" ? `; dev BLEU ${devBleu.toFixed(2)}` : ""));
  }
} catch (error) {
  bar.stop();
  // Keep the curves of an interrupted run next to its checkpoint.
  await mkdir(options.out, { recursive: true });
  await writeFile(path.join(options.out, "train-log.json"), JSON.stringify(curves, null, 1) + "\n");
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
