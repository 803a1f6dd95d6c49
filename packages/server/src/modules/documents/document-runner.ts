import type { SqlPool } from "../../db/sql-pool.js";
import type { TranslationEngine } from "../../engine/translation-engine.js";
import type { UsageLedger } from "../../limits/usage-ledger.js";
import type { Logger } from "../../logging/logger.js";
import { repairDocumentReservations } from "./document-billing.js";
import { runDocumentJob, type DocumentJobDeps } from "./document-job.js";
import { DocumentLockSession } from "./document-lock-session.js";
import { deleteExpiredDocuments } from "./document-sweeper.js";

export interface DocumentRunnerOptions {
  databaseUrl: string;
  sql: SqlPool;
  engine: TranslationEngine;
  ledger: UsageLedger;
  logger: Logger;
  /** Documents translated at once by this process (PARLEY_DOCUMENT_CONCURRENCY); 0 runs only the sweeps. */
  concurrency: number;
  /** PARLEY_DOCUMENT_RETENTION_HOURS. */
  retentionHours: number;
  pollIntervalMs?: number;
  sweepIntervalMs?: number;
  chunkSegments?: number;
  parallelChunks?: number;
}

/**
 * The document queue's worker in a gateway: claims documents (QUEUED, or TRANSLATING whose runner died) and
 * translates them through the engine, at most `concurrency` at once; every minute deletes documents past their
 * retention and finishes reservations left RESERVED by a crash. Stopping lets each running document finish the
 * engine calls in hand, then leaves it TRANSLATING for the next claim (here after a restart, or another gateway).
 */
export class DocumentRunner {
  private readonly session: DocumentLockSession;
  private readonly running = new Map<string, Promise<unknown>>();
  private readonly deps: DocumentJobDeps;
  private serial: Promise<unknown> = Promise.resolve();
  private pollTimer: NodeJS.Timeout | undefined;
  private sweepTimer: NodeJS.Timeout | undefined;
  private stopped = true;

  constructor(private readonly options: DocumentRunnerOptions) {
    this.session = new DocumentLockSession(options.databaseUrl, (error) => this.onSessionLost(error));
    this.deps = {
      sql: options.sql,
      engine: options.engine,
      ledger: options.ledger,
      logger: options.logger,
      retentionHours: options.retentionHours,
      chunkSegments: options.chunkSegments ?? 32,
      parallelChunks: options.parallelChunks ?? 2,
    };
  }

  async start(): Promise<void> {
    this.stopped = false;
    if (this.options.concurrency > 0) await this.session.open();
    this.pollTimer = setInterval(() => this.wake(), this.options.pollIntervalMs ?? 2000);
    this.sweepTimer = setInterval(() => void this.sweep(), this.options.sweepIntervalMs ?? 60_000);
    this.pollTimer.unref();
    this.sweepTimer.unref();
    void this.sweep();
    this.wake();
  }

  /** Looks for work now (called when a document is uploaded). */
  wake(): void {
    if (this.stopped || this.options.concurrency === 0) return;
    void this.exclusive(() => this.fill());
  }

  /** Stops claiming; running documents stop after their engine calls in hand and stay TRANSLATING. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.pollTimer);
    clearInterval(this.sweepTimer);
    await this.serial;
    await Promise.allSettled([...this.running.values()]);
    await this.serial;
    await this.session.close();
  }

  /** Deletes documents past their retention and finishes reservations a crash left open. */
  async sweep(): Promise<void> {
    const { sql, ledger, logger } = this.options;
    try {
      const deleted = await deleteExpiredDocuments(sql);
      if (deleted > 0) logger.info({ documents: deleted }, "deleted documents past their retention");
      await repairDocumentReservations(sql, ledger, logger);
    } catch (error) {
      logger.warn({ err: error }, "could not sweep documents");
    }
  }

  private async fill(): Promise<void> {
    if (!this.session.isOpen) await this.reopen();
    while (!this.stopped && this.running.size < this.options.concurrency) {
      const claimed = await this.session.claimNext(new Set(this.running.keys()));
      if (!claimed) return;
      this.launch(claimed.id, claimed.attempt);
    }
  }

  private launch(id: string, attempt: number): void {
    const { logger } = this.options;
    const job = runDocumentJob(this.deps, id, attempt, () => this.stopped)
      .then((outcome) => outcome === "stopped" && logger.info({ documentId: id }, "document paused by shutdown; it resumes at the next claim"))
      .catch((error: unknown) => logger.error({ err: error, documentId: id }, "document job could not run; it is retried at the next claim"))
      .finally(async () => {
        this.running.delete(id);
        await this.exclusive(() => this.session.unlock(id)).catch(() => undefined);
        this.wake();
      });
    this.running.set(id, job);
  }

  private async reopen(): Promise<void> {
    await this.session.close();
    await this.session.open();
  }

  /** The lock session is gone, so other runners may take our documents: stop ours at their next window. */
  private onSessionLost(error: Error): void {
    if (this.stopped) return;
    // Our documents may now be claimed by another runner; their writes are guarded by the attempt number, so the
    // runner that took one over wins and ours stops at its next window. The session reopens at the next claim.
    this.options.logger.error({ err: error }, "document lock session lost");
  }

  /** Claims and unlocks share one session: one at a time. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = this.serial.then(work, work);
    this.serial = next.catch((error: unknown) => this.options.logger.error({ err: error }, "document runner step failed"));
    return next;
  }
}
