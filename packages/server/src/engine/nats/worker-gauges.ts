import type { NatsConnection } from "@nats-io/transport-node";
import type { Logger } from "../../logging/logger.js";
import { workerStatsSchema, type WorkerStats } from "./engine-protocol.js";

const POLL_INTERVAL_MS = 10_000;
/** How long one poll gathers answers: workers on a healthy broker answer within milliseconds. */
const GATHER_MS = 500;

/**
 * The workers' own gauges, gathered in the background: `stats()` is read
 * synchronously (by the metrics scrape), so it serves the last poll.
 */
export class WorkerGauges {
  private last: WorkerStats[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly connection: NatsConnection,
    private readonly subject: string,
    private readonly logger: Logger,
  ) {
    const poll = () =>
      collectWorkerStats(connection, subject, GATHER_MS).then(
        (stats) => void (this.last = stats),
        (error: unknown) => {
          // No responders, or no broker: no worker is known to hold anything.
          this.last = [];
          this.logger.debug({ err: error }, "could not gather engine worker gauges");
        },
      );
    void poll();
    this.timer = setInterval(poll, POLL_INTERVAL_MS);
    this.timer.unref();
  }

  latest(): WorkerStats[] {
    return this.last;
  }

  stop(): void {
    clearInterval(this.timer);
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
