// The one file that knows the engine's training API; the rest of the runner
// speaks in the terms below.

export interface EngineProgress {
  step: number;
  totalSteps: number;
  loss?: number;
  devLoss?: number;
  devBleu?: number;
  etaSeconds?: number;
  /** Set when the engine has just written a checkpoint. */
  checkpoint?: { step: number; path: string };
}

export interface TrainArgs {
  train: { source: string; target: string }[];
  dev: { source: string; target: string }[];
  architecture: string;
  preset: string;
  workDir: string;
  artifactDir: string;
  maxMinutes: number;
  seed?: number;
  resumeFrom?: string;
  initFrom?: string;
  onProgress: (progress: EngineProgress) => void;
}

export interface TrainedModel {
  artifactDir: string;
  steps?: number;
  devBleu?: number;
}

export interface LoadedModel {
  translate(texts: string[]): Promise<{ text: string }[]>;
  dispose(): void | Promise<void>;
}

export interface EngineTraining {
  train(args: TrainArgs): Promise<TrainedModel>;
  load(artifactDir: string): Promise<LoadedModel>;
}

export async function loadEngineTraining(): Promise<EngineTraining> {
  const engine = (await import("@parley/engine")) as Record<string, unknown>;
  // TODO(engine-models): map onto the engine's trainModel / TranslationModel once they are exported.
  throw new Error(`@parley/engine does not export a training API yet (found: ${Object.keys(engine).join(", ")})`);
}
