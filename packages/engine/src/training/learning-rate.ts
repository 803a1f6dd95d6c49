/** Linear warm-up to `peak`, then inverse square-root decay (Vaswani et al., 2017). */
export function inverseSqrtLearningRate(step: number, peak: number, warmupSteps: number): number {
  const s = Math.max(step, 1);
  const warmup = Math.max(warmupSteps, 1);
  return peak * Math.min(s / warmup, Math.sqrt(warmup / s));
}
