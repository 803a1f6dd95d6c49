import { z } from "zod";

/** What a job was asked to do beyond its columns; stored in TrainingJob.config. */
export const jobConfigSchema = z.object({
  seed: z.number().int().optional(),
  /** The API key that queued the job (usage ledger). */
  requestedByKeyId: z.string().optional(),
  /** Move this label to the new version when it is READY (bootstrap only). */
  promoteTo: z.string().optional(),
  /** Train on at most this many training pairs (bootstrap: minutes, not hours). */
  maxTrainPairs: z.number().int().positive().optional(),
  /** Stop after this many optimizer steps (else the time limit, or early stopping, ends training). */
  maxSteps: z.number().int().positive().optional(),
});

export type JobConfig = z.infer<typeof jobConfigSchema>;

export function readJobConfig(value: unknown): JobConfig {
  return jobConfigSchema.parse(value ?? {});
}
