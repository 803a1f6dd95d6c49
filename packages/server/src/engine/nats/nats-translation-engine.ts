import { errors, type NatsConnection } from "@nats-io/transport-node";
import type { Logger } from "../../logging/logger.js";
import { EngineUnavailable } from "../engine-unavailable.js";
import type { EngineDecodeOptions, EngineModelVersion, EngineStats, EngineTranslation, TranslationEngine } from "../translation-engine.js";
import { translateReplySchema, type EngineSubjects, type TranslateRequest } from "./engine-protocol.js";
import { WorkerGauges } from "./worker-gauges.js";

export interface NatsEngineOptions {
  /** Owned by the engine: close() drains it. */
  connection: NatsConnection;
  subjects: EngineSubjects;
  /** How long a request may wait for a worker's reply. */
  timeoutMs: number;
  logger: Logger;
}

/**
 * The engine as engine worker processes behind NATS: each translate is one
 * request to the workers' queue group (any worker can serve any version).
 */
export class NatsTranslationEngine implements TranslationEngine {
  private inFlight = 0;
  private readonly gauges: WorkerGauges;

  constructor(private readonly options: NatsEngineOptions) {
    this.gauges = new WorkerGauges(options.connection, options.subjects.stats, options.logger);
  }

  async translate(version: EngineModelVersion, texts: string[], decode: EngineDecodeOptions): Promise<EngineTranslation[]> {
    const { connection, subjects, timeoutMs } = this.options;
    const request: TranslateRequest = { version: { id: version.id, artifactPath: version.artifactPath }, texts, options: decode };
    this.inFlight += 1;
    let payload: unknown;
    try {
      payload = (await connection.request(subjects.translate, JSON.stringify(request), { timeout: timeoutMs })).json();
    } catch (error) {
      if (isUnanswered(error)) throw new EngineUnavailable(`no engine worker answered on ${subjects.translate} within ${timeoutMs} ms`, { cause: error });
      throw error;
    } finally {
      this.inFlight -= 1;
    }
    const reply = translateReplySchema.parse(payload);
    if (!reply.ok) throw new Error(`engine worker ${reply.worker} failed: ${reply.error}`);
    return reply.translations;
  }

  /** Every worker drops the version; a worker that is down has nothing loaded. */
  async unload(versionId: string): Promise<void> {
    this.options.connection.publish(this.options.subjects.unload, JSON.stringify({ versionId }));
    await this.options.connection.flush();
  }

  /** Requests this gateway is waiting on, plus the workers' tensors and loaded versions (summed over workers) as last polled. */
  stats(): EngineStats {
    const workers = this.gauges.latest();
    return {
      queueDepth: this.inFlight,
      liveTensors: workers.reduce((sum, worker) => sum + worker.liveTensors, 0),
      loadedVersions: workers.reduce((sum, worker) => sum + worker.loadedVersions, 0),
    };
  }

  async close(): Promise<void> {
    if (!this.options.connection.isClosed()) await this.options.connection.drain();
  }
}

/** Timed out, nobody subscribed (no responders), or the connection is gone. */
function isUnanswered(error: unknown): boolean {
  return (
    error instanceof errors.TimeoutError ||
    error instanceof errors.RequestError ||
    error instanceof errors.NoRespondersError ||
    error instanceof errors.ClosedConnectionError ||
    error instanceof errors.DrainingConnectionError
  );
}
