export interface TrainingProgress {
  step: number;
  /** Known when training is bounded by steps or epochs (estimated for epochs). */
  totalSteps?: number;
  epoch: number;
  /** Mean training loss (label-smoothed) since the previous report. */
  loss: number;
  /** Target tokens per second since training (or resuming) started. */
  tokensPerSecond: number;
  etaSeconds?: number;
  /** Mean per-token NLL on the dev set, when this report follows an evaluation. */
  devLoss?: number;
  /** BLEU (0-100) of greedy translations of a dev sample, when this report follows an evaluation and one was asked for. */
  devBleu?: number;
  learningRate: number;
  elapsedSeconds: number;
}

export type StopReason = "maxSteps" | "maxEpochs" | "timeBudget" | "earlyStopping" | "aborted";

export interface TrainingResult {
  steps: number;
  epochs: number;
  stopReason: StopReason;
  bestDevLoss?: number;
  finalTrainLoss: number;
  trainTargetTokens: number;
  tokensPerSecond: number;
  elapsedSeconds: number;
  /** Training pairs dropped because they exceed the model's maxLength. */
  skippedExamples: number;
  history: TrainingProgress[];
}

/** Seconds left, from whichever bounds are set (steps, epochs' estimated steps, time). */
export function estimateEta(
  step: number, secondsPerStep: number, elapsedSeconds: number, bounds: { totalSteps?: number; maxSeconds?: number },
): number | undefined {
  const byTime = bounds.maxSeconds === undefined ? undefined : Math.max(0, bounds.maxSeconds - elapsedSeconds);
  const bySteps = bounds.totalSteps === undefined ? undefined : Math.max(0, bounds.totalSteps - step) * secondsPerStep;
  if (byTime === undefined) return bySteps;
  if (bySteps === undefined) return byTime;
  return Math.min(byTime, bySteps);
}
