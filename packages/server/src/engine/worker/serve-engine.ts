import type { Msg, NatsConnection } from "@nats-io/transport-node";
import {
  translateRequestSchema,
  unloadMessageSchema,
  WORKER_QUEUE_GROUP,
  type EngineSubjects,
  type TranslateReply,
  type WorkerStats,
} from "../nats/engine-protocol.js";
import type { TranslationEngine } from "../translation-engine.js";
import type { Logger } from "../../logging/logger.js";

export interface EngineWorkerOptions {
  connection: NatsConnection;
  engine: TranslationEngine;
  subjects: EngineSubjects;
  workerId: string;
  logger: Logger;
}

export interface EngineWorker {
  /** Stops taking requests, finishes those it took, then drains the connection. */
  drain(): Promise<void>;
  /** Requests running now, and answered successfully since start. */
  counts(): { inFlight: number; served: number };
}

/** Serves the local engine to gateways: translate in the workers' queue group, unload and stats to every worker. */
export function serveEngine({ connection, engine, subjects, workerId, logger }: EngineWorkerOptions): EngineWorker {
  let inFlight = 0;
  let served = 0;

  const translate = async (msg: Msg) => {
    inFlight += 1;
    let reply: TranslateReply;
    try {
      const request = translateRequestSchema.parse(msg.json());
      const translations = await engine.translate(request.version, request.texts, request.options);
      reply = { ok: true, worker: workerId, translations };
      served += 1;
    } catch (error) {
      logger.error({ err: error }, "translation failed");
      reply = { ok: false, worker: workerId, error: error instanceof Error ? error.message : String(error) };
    } finally {
      inFlight -= 1;
    }
    msg.respond(JSON.stringify(reply));
  };

  const unload = async (msg: Msg) => {
    const parsed = unloadMessageSchema.safeParse(safeJson(msg));
    if (!parsed.success) return logger.warn("ignored a malformed unload message");
    await engine.unload(parsed.data.versionId).catch((error: unknown) => logger.warn({ err: error }, "unload failed"));
    logger.info({ versionId: parsed.data.versionId }, "version unloaded");
  };

  const stats = (msg: Msg) => {
    const reply: WorkerStats = { worker: workerId, inFlight, served, ...engine.stats() };
    msg.respond(JSON.stringify(reply));
  };

  const requests = connection.subscribe(subjects.translate, { queue: WORKER_QUEUE_GROUP, callback: (_error, msg) => void translate(msg) });
  connection.subscribe(subjects.unload, { callback: (_error, msg) => void unload(msg) });
  connection.subscribe(subjects.stats, { callback: (_error, msg) => stats(msg) });

  return {
    counts: () => ({ inFlight, served }),
    async drain() {
      // Unsubscribing first sends new requests to the other workers; those already delivered here still run.
      await requests.drain();
      while (inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 10));
      await connection.drain();
    },
  };
}

function safeJson(msg: Msg): unknown {
  try {
    return msg.json();
  } catch {
    return undefined;
  }
}
