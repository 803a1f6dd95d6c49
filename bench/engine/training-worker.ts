// One training measurement in its own process (the tfjs backend is process-global).
// Input: env BENCH_TRAINING_JOB = JSON TrainingJob; PARLEY_BACKEND / PARLEY_NATIVE pick the backend.
// Output: a TrainingMeasurement sent to the parent over IPC.
import { readFile } from "node:fs/promises";
import { BpeTokenizer, createModel, initBackend, presetConfig, train, type Architecture, type TextPair } from "@parley/engine";

export interface TrainingJob {
  arch: Architecture;
  /** JSON file with { tokenizer, pairs }. */
  dataFile: string;
  /** Stops after this long, once at least minSteps ran. */
  maxSeconds: number;
  minSteps: number;
  maxSteps: number;
  /** Padded tokens per batch. */
  batchTokens: number;
}

export interface TrainingMeasurement {
  backend: string;
  customKernels: number;
  parameters: number;
  /** Steps timed (the first, warm-up step excluded). */
  steps: number;
  targetTokens: number;
  seconds: number;
  tokensPerSecond: number;
  warmupStepSeconds: number;
}

const job = JSON.parse(process.env["BENCH_TRAINING_JOB"] ?? "null") as TrainingJob | null;
if (job === null || process.send === undefined) throw new Error("run through bench/engine/training.ts");

async function measure(job: TrainingJob): Promise<TrainingMeasurement> {
  const backend = await initBackend();
  const data = JSON.parse(await readFile(job.dataFile, "utf8")) as { tokenizer: unknown; pairs: TextPair[] };
  const tokenizer = BpeTokenizer.fromJSON(data.tokenizer);
  const pairs = data.pairs.map((p) => ({ source: tokenizer.encode(p.source), target: tokenizer.encode(p.target) }));
  const model = createModel(presetConfig(job.arch, "small", tokenizer.vocabSize), 1);

  // Cumulative (seconds, tokens) after each step, from the trainer's progress reports.
  const marks: Array<{ seconds: number; tokens: number }> = [];
  const stop = new AbortController();
  await train({
    model, train: pairs, seed: 1, maxSteps: job.maxSteps, maxTokensPerBatch: job.batchTokens, signal: stop.signal,
    onProgress: (p) => {
      marks.push({ seconds: p.elapsedSeconds, tokens: p.tokensPerSecond * p.elapsedSeconds });
      if (p.step >= job.minSteps && p.elapsedSeconds >= job.maxSeconds) stop.abort();
    },
  });
  const first = marks[0];
  const last = marks.at(-1);
  if (first === undefined || last === undefined || marks.length < 2) throw new Error("fewer than 2 training steps ran");
  const parameters = model.parameters.count;
  model.dispose();
  return {
    backend: backend.name, customKernels: backend.customKernels.length, parameters,
    steps: marks.length - 1, targetTokens: last.tokens - first.tokens, seconds: last.seconds - first.seconds,
    tokensPerSecond: (last.tokens - first.tokens) / (last.seconds - first.seconds), warmupStepSeconds: first.seconds,
  };
}

// Errors are reported in one line: the wasm module's exception handler would dump its whole source.
measure(job).then(
  (measurement) => process.send!(measurement, () => process.exit(0)),
  (error: unknown) => { console.error(`training worker failed: ${error instanceof Error ? error.message : String(error)}`); process.exit(1); },
);
