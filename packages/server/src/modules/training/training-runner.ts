import type { Logger } from "pino";
import type { Database } from "../../db/client.js";
import { JobExecution, type StopReason } from "./job-execution.js";
import { JobLockSession, type InterruptedJob } from "./job-lock-session.js";
import { settleTrainingUsage } from "./training-usage.js";

export interface TrainingRunnerOptions {
  prisma: Database;
  /** The same database, for the runner's own session that holds the job locks. */
  databaseUrl: string;
  dataDir: string;
  logger: Logger;
  /** Jobs run at once by this process (PARLEY_TRAINING_CONCURRENCY); 0 only recovers orphans. */
  concurrency: number;
  /** How often to look for queued jobs when nobody wakes the runner. */
  pollIntervalMs?: number;
  /** How often running jobs write progress (and bill seconds). */
  heartbeatMs?: number;
  /** How often to look for jobs left RUNNING by a runner that died. */
  sweepIntervalMs?: number;
  /** Test pairs translated to score a new version. */
  maxTestPairs?: number;
  /** How often training writes a checkpoint to resume from. */
  checkpointEverySteps?: number;
  /** Scheduling priority of training processes (default 10: below the gateway, which keeps serving). */
  niceness?: number;
}

/**
 * Runs queued training jobs, at most `concurrency` at once, each in its own
 * process. At start, jobs left RUNNING by a dead runner are marked INTERRUPTED
 * and taken again, resuming from their last checkpoint.
 */
export class TrainingRunner {
  private readonly session: JobLockSession;
  private readonly running = new Map<string, JobExecution>();
  private serial: Promise<unknown> = Promise.resolve();
  private pollTimer: NodeJS.Timeout | undefined;
  private sweepTimer: NodeJS.Timeout | undefined;
  private stopped = true;

  constructor(private readonly options: TrainingRunnerOptions) {
    this.session = new JobLockSession(options.databaseUrl, (error) => this.onSessionLost(error));
  }

  async start(): Promise<void> {
    this.stopped = false;
    await this.session.open();
    await this.exclusive(() => this.recover());
    this.pollTimer = setInterval(() => this.wake(), this.options.pollIntervalMs ?? 2000);
    this.sweepTimer = setInterval(() => void this.exclusive(() => this.recover()), this.options.sweepIntervalMs ?? 15_000);
    this.wake();
  }

  /** Looks for work now (called when a job is queued). */
  wake(): void {
    if (this.stopped) return;
    void this.exclusive(() => this.fill());
  }

  /** Kills a job's process if this runner runs it (its status is set by the caller). */
  abort(jobId: string): void {
    this.running.get(jobId)?.stop("cancelled");
  }

  /** Running jobs this process is running. */
  get activeJobIds(): string[] {
    return [...this.running.keys()];
  }

  /** Stops taking jobs, stops running ones (they become INTERRUPTED and resume at the next start). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.pollTimer);
    clearInterval(this.sweepTimer);
    await this.serial;
    await this.stopAll("shutdown");
    await this.serial; // the stopped jobs' unlocks, queued as they ended
    await this.session.close();
  }

  private async fill(): Promise<void> {
    if (!this.session.isOpen) await this.reopen();
    while (!this.stopped && this.running.size < this.options.concurrency) {
      const jobId = await this.session.claimNext();
      if (!jobId) return;
      this.launch(jobId);
    }
  }

  private launch(jobId: string): void {
    const { prisma, dataDir, logger } = this.options;
    const execution = new JobExecution(
      {
        prisma,
        dataDir,
        logger,
        heartbeatMs: this.options.heartbeatMs ?? 2000,
        maxTestPairs: this.options.maxTestPairs ?? 500,
        checkpointEverySteps: this.options.checkpointEverySteps ?? 200,
        niceness: this.options.niceness ?? 10,
      },
      jobId,
    );
    this.running.set(jobId, execution);
    void execution.done.finally(async () => {
      this.running.delete(jobId);
      await this.exclusive(() => this.session.unlock(jobId)).catch(() => undefined);
      this.wake();
    });
  }

  private async recover(): Promise<void> {
    if (!this.session.isOpen) return;
    const orphans = await this.session.interruptOrphans(new Set(this.running.keys()));
    for (const job of orphans) await this.reportInterrupted(job);
  }

  private async reportInterrupted(job: InterruptedJob): Promise<void> {
    const row = await this.options.prisma.trainingJob.findUnique({ where: { id: job.id } });
    if (row) await settleTrainingUsage(this.options.prisma, row);
    this.options.logger.warn(
      { jobId: job.id, step: job.step, resumeFromStep: job.checkpointStep },
      job.checkpointStep === null
        ? "training job was left RUNNING by a stopped platform: INTERRUPTED, it restarts from scratch (no checkpoint yet)"
        : "training job was left RUNNING by a stopped platform: INTERRUPTED, it resumes from its last checkpoint",
    );
  }

  private async reopen(): Promise<void> {
    await this.session.close();
    await this.session.open();
    await this.recover();
  }

  /** The lock session is gone, so other runners may take our jobs: stop them, to be resumed. */
  private onSessionLost(error: Error): void {
    if (this.stopped) return;
    this.options.logger.error({ err: error }, "training lock session lost: interrupting running jobs");
    void this.stopAll("shutdown");
  }

  private async stopAll(reason: StopReason): Promise<void> {
    const executions = [...this.running.values()];
    for (const execution of executions) execution.stop(reason);
    await Promise.all(executions.map((execution) => execution.done));
  }

  /** Claims, sweeps and unlocks share one session: one at a time. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = this.serial.then(work, work);
    this.serial = next.catch((error: unknown) => this.options.logger.error({ err: error }, "training runner step failed"));
    return next;
  }
}
