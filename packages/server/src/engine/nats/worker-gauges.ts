import type { NatsConnection } from "@nats-io/transport-node";
import type { Logger } from "../../logging/logger.js";
import { workerStatsSchema, type WorkerStats } from "./engine-protocol.js";

/** Gauges older than this are gathered again on the next read. */
const MAX_AGE_MS = 1_000;
/** How long one poll gathers answers: workers on a healthy broker answer within milliseconds. */
const GATHER_MS = 250;

/**
 * The workers' own gauges. `stats()` is read synchronously (by the metrics
 * scrape), so a read returns the last poll and starts a new one when it is stale:
 * nothing is polled while nobody reads.
 */
export class WorkerGauges {
  private last: WorkerStats[] = [];
  private polledAt = 0;
  private polling = false;

  constructor(
    private readonly connection: NatsConnection,
    private readonly subject: string,
    private readonly logger: Logger,
  ) {}

  latest(): WorkerStats[] {
    if (!this.polling && Date.now() - this.polledAt > MAX_AGE_MS && !this.connection.isClosed()) void this.poll();
    return this.last;
  }

  private async poll(): Promise<void> {
    this.polling = true;
    try {
      this.last = await collectWorkerStats(this.connection, this.subject, GATHER_MS);
    } catch (error) {
      // No responders, or no broker: no worker is known to hold anything.
      this.last = [];
      this.logger.debug({ err: error }, "could not gather engine worker gauges");
    } finally {
      this.polledAt = Date.now();
      this.polling = false;
    }
  }
}

/** Asks every worker for its gauges and keeps the answers that parse, one per worker. */
export async function collectWorkerStats(connection: NatsConnection, subject: string, gatherMs: number): Promise<WorkerStats[]> {
  const byWorker = new Map<string, WorkerStats>();
  const replies = await connection.requestMany(subject, "", { strategy: "timer", maxWait: gatherMs });
  for await (const reply of replies) {
    const parsed = workerStatsSchema.safeParse(safeJson(reply.data));
    if (parsed.success) byWorker.set(parsed.data.worker, parsed.data);
  }
  return [...byWorker.values()];
}

function safeJson(data: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(data));
  } catch {
    return undefined;
  }
}
