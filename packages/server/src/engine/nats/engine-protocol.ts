import { z } from "zod";

/**
 * What the gateway and engine workers say to each other over NATS, as JSON.
 * Both sides validate what they receive: the other side may run another build.
 */
export function engineSubjects(prefix: string) {
  return {
    /** Request/reply; workers share it as one queue group, so each request goes to one worker. */
    translate: `${prefix}.translate`,
    /** Broadcast: every worker drops the version. */
    unload: `${prefix}.unload`,
    /** Scatter/gather: every worker answers with its gauges. */
    stats: `${prefix}.stats`,
  };
}

export type EngineSubjects = ReturnType<typeof engineSubjects>;

export const WORKER_QUEUE_GROUP = "parley-engine-workers";

export const translateRequestSchema = z.object({
  version: z.object({ id: z.string().min(1), artifactPath: z.string().min(1) }),
  texts: z.array(z.string()).min(1),
  options: z.object({
    beamSize: z.number().int().positive().optional(),
    maxLength: z.number().int().positive().optional(),
    glossary: z.object({ id: z.string(), entries: z.array(z.object({ source: z.string(), target: z.string() })).readonly() }).optional(),
  }),
});

export type TranslateRequest = z.infer<typeof translateRequestSchema>;

const translationSchema = z.object({
  text: z.string(),
  inputTokens: z.number().int().min(0),
  outputTokens: z.number().int().min(0),
});

export const translateReplySchema = z.discriminatedUnion("ok", [
  z.object({ ok: z.literal(true), worker: z.string(), translations: z.array(translationSchema) }),
  z.object({ ok: z.literal(false), worker: z.string(), error: z.string() }),
]);

export type TranslateReply = z.infer<typeof translateReplySchema>;

export const unloadMessageSchema = z.object({ versionId: z.string().min(1) });

export const workerStatsSchema = z.object({
  worker: z.string(),
  inFlight: z.number().int().min(0),
  served: z.number().int().min(0),
  queueDepth: z.number().int().min(0),
  liveTensors: z.number().int().min(0),
  loadedVersions: z.number().int().min(0),
});

export type WorkerStats = z.infer<typeof workerStatsSchema>;
