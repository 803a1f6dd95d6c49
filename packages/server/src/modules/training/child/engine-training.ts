import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { trainModel, TranslationModel, type Architecture, type PresetName, type TrainingProgress } from "@parley/engine";

// The one file that knows the engine's training API; the rest of the runner
// speaks in the terms below.

export interface EngineProgress {
  step: number;
  totalSteps: number;
  loss?: number;
  devLoss?: number;
  /** BLEU of greedy translations of a dev sample, on reports that follow a dev evaluation. */
  devBleu?: number;
  etaSeconds?: number;
  /** Set when the engine has written a checkpoint since the previous report. */
  checkpoint?: { step: number; path: string };
}

export interface TrainArgs {
  train: { source: string; target: string }[];
  dev: { source: string; target: string }[];
  architecture: string;
  preset: string;
  /** The version directory the engine writes (its checkpoint lives inside while training). */
  artifactDir: string;
  /** Training minutes left for the job. */
  maxMinutes: number;
  maxSteps?: number;
  checkpointEverySteps: number;
  seed?: number;
  resumeFrom?: string;
  /** A model version directory to continue: the engine takes architecture and preset from it. */
  initFrom?: string;
  onProgress: (progress: EngineProgress) => void;
}

/** The engine keeps its checkpoint here while it trains. */
const CHECKPOINT_DIR = "checkpoint";
const TRAINER_STATE = "trainer-state.json";
/** Dev pairs translated at each dev evaluation for the job's dev BLEU curve (small: decoding is the slow part). */
const DEV_BLEU_PAIRS = 50;

/** Where a checkpoint stands: its step and the training seconds behind it. */
export async function readCheckpoint(dir: string): Promise<{ step: number; elapsedSeconds: number }> {
  const state = JSON.parse(await readFile(path.join(dir, TRAINER_STATE), "utf8")) as { step: number; elapsedSeconds: number };
  return { step: state.step, elapsedSeconds: state.elapsedSeconds };
}

export async function trainWithEngine(args: TrainArgs): Promise<{ steps: number }> {
  // The engine's time budget counts the training time stored in a checkpoint;
  // the job's budget left is on top of what the checkpoint already holds.
  const resumed = args.resumeFrom ? await readCheckpoint(args.resumeFrom) : undefined;
  const maxMinutes = args.maxMinutes + (resumed?.elapsedSeconds ?? 0) / 60;
  const checkpointDir = path.join(args.artifactDir, CHECKPOINT_DIR);
  const checkpoints = new CheckpointWatcher(checkpointDir);
  const result = await trainModel({
    train: args.train,
    dev: args.dev,
    ...(args.initFrom
      ? { initFrom: args.initFrom }
      : { arch: args.architecture as Architecture, preset: args.preset as PresetName }),
    outDir: args.artifactDir,
    maxMinutes,
    checkpointEverySteps: args.checkpointEverySteps,
    devBleuPairs: DEV_BLEU_PAIRS,
    ...(args.maxSteps !== undefined ? { maxSteps: args.maxSteps } : {}),
    ...(args.seed !== undefined ? { seed: args.seed } : {}),
    ...(args.resumeFrom ? { resumeFrom: args.resumeFrom } : {}),
    onProgress: (progress) => {
      const checkpoint = checkpoints.poll();
      args.onProgress({
        step: progress.step,
        totalSteps: totalStepsOf(progress),
        loss: progress.loss,
        ...(progress.devLoss !== undefined ? { devLoss: progress.devLoss } : {}),
        ...(progress.devBleu !== undefined ? { devBleu: progress.devBleu } : {}),
        ...(progress.etaSeconds !== undefined ? { etaSeconds: progress.etaSeconds } : {}),
        ...(checkpoint ? { checkpoint } : {}),
      });
    },
  });
  const steps = result.metrics.steps;
  return { steps: typeof steps === "number" ? steps : 0 };
}

export function loadTrainedModel(artifactDir: string): Promise<TranslationModel> {
  return TranslationModel.load(artifactDir);
}

/** Under a time budget the engine knows no step count: estimate it from the pace so far. */
function totalStepsOf(progress: TrainingProgress): number {
  if (progress.totalSteps !== undefined) return progress.totalSteps;
  if (progress.etaSeconds === undefined || progress.elapsedSeconds <= 0) return progress.step;
  return Math.round(progress.step + (progress.etaSeconds * progress.step) / progress.elapsedSeconds);
}

/**
 * Notices new checkpoints (the engine replaces its checkpoint folder
 * atomically) by the change time of the folder, checked on each report.
 */
class CheckpointWatcher {
  private seen = 0;
  private checking = false;
  private found: { step: number; path: string } | undefined;

  constructor(private readonly dir: string) {}

  /** A checkpoint found since the last call, if any; looks for the next one in the background. */
  poll(): { step: number; path: string } | undefined {
    const found = this.found;
    this.found = undefined;
    if (!this.checking) {
      this.checking = true;
      void this.check().finally(() => {
        this.checking = false;
      });
    }
    return found;
  }

  private async check(): Promise<void> {
    const info = await stat(this.dir).catch(() => undefined);
    if (!info || info.ctimeMs === this.seen) return;
    const checkpoint = await readCheckpoint(this.dir).catch(() => undefined);
    if (!checkpoint) return;
    this.seen = info.ctimeMs;
    this.found = { step: checkpoint.step, path: this.dir };
  }
}
