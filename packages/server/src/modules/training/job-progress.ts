import type { Logger } from "pino";
import type { Database } from "../../db/client.js";
import type { ChildMessage } from "./child-messages.js";
import { addTrainingSeconds } from "./training-usage.js";

export interface LossPoint {
  step: number;
  loss: number;
  devLoss?: number;
}

/** One dev evaluation as the trainer reported it (stored in TrainingJob.evaluations). */
export interface EvaluationPoint {
  step: number;
  devLoss: number;
  /** BLEU of greedy translations of a dev sample; absent when the trainer scored none. */
  devBleu?: number;
  /** When the report arrived (ISO 8601). */
  at: string;
}

/** How often a running job's progress is logged (the API always has the latest). */
const PROGRESS_LOG_INTERVAL_MS = 30_000;

/** The curve keeps at most this many points: older ones are thinned out, the latest kept. */
const MAX_CURVE_POINTS = 400;
/** Evaluations kept: when full, every other one is dropped (the first and the latest kept), so the whole run stays drawn. */
export const MAX_EVALUATIONS = 500;

type JobRef = { id: string; tenantId: string; attempts: number };

/**
 * Collects a training process's reports and writes them to the job row on a
 * heartbeat, with the seconds used billed in the same transaction. The update
 * only applies while the job is RUNNING: when it no longer is (cancelled, or
 * taken over after a lost lock), `onGone` tells the runner to stop the process.
 */
export class JobProgressWriter {
  private state: { step?: number; totalSteps?: number; etaSeconds?: number | null } = {};
  private checkpoint: { step: number; path: string } | undefined;
  private resumedFromStep: number | undefined;
  private curve: LossPoint[];
  private curveChanged = false;
  private evaluations: EvaluationPoint[];
  private evaluationsChanged = false;
  private billedUntil: number;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private loggedAt = 0;

  constructor(
    private readonly prisma: Database,
    private readonly job: JobRef,
    previous: { lossCurve: unknown; evaluations: unknown },
    private readonly logger: Logger,
    private readonly onGone: () => void,
    startedAt = Date.now(),
  ) {
    this.curve = Array.isArray(previous.lossCurve) ? (previous.lossCurve as LossPoint[]) : [];
    this.evaluations = Array.isArray(previous.evaluations) ? (previous.evaluations as EvaluationPoint[]) : [];
    this.billedUntil = startedAt;
  }

  start(intervalMs: number): void {
    this.timer = setInterval(() => void this.flush(), intervalMs);
  }

  report(message: ChildMessage): void {
    if (message.type === "progress") {
      this.state.step = message.step;
      this.state.totalSteps = message.totalSteps;
      if (message.etaSeconds !== undefined) this.state.etaSeconds = Math.round(message.etaSeconds);
      if (message.loss !== undefined) this.addPoint({ step: message.step, loss: message.loss, devLoss: message.devLoss });
      if (message.devLoss !== undefined) this.addEvaluation(message.step, message.devLoss, message.devBleu);
    } else if (message.type === "checkpoint") {
      this.checkpoint = { step: message.step, path: message.path };
      void this.flush();
    } else if (message.type === "resuming") {
      this.resumedFromStep = message.step;
      void this.flush();
    } else if (message.type === "evaluating") {
      this.state.etaSeconds = null;
    }
  }

  /** Writes what is pending and bills the seconds since the last write. */
  flush(now = Date.now()): Promise<void> {
    this.writing = this.writing.then(() => this.write(now)).catch((error: unknown) => {
      this.logger.warn({ err: error, jobId: this.job.id }, "could not record training progress");
    });
    return this.writing;
  }

  /** Stops the heartbeat after a last write. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  private async write(now: number): Promise<void> {
    const seconds = Math.floor((now - this.billedUntil) / 1000);
    this.billedUntil += seconds * 1000;
    const { step, totalSteps, etaSeconds } = this.state;
    const progress = step !== undefined && totalSteps ? Math.min(1, step / totalSteps) : undefined;
    const curve = this.curveChanged ? this.curve : undefined;
    this.curveChanged = false;
    const evaluations = this.evaluationsChanged ? this.evaluations : undefined;
    this.evaluationsChanged = false;
    const stillRunning = await this.prisma.$transaction(async (tx) => {
      const { count } = await tx.trainingJob.updateMany({
        where: { id: this.job.id, status: "RUNNING" },
        data: {
          heartbeatAt: new Date(now),
          usedSeconds: { increment: seconds },
          ...(step !== undefined ? { step } : {}),
          ...(totalSteps !== undefined ? { totalSteps } : {}),
          ...(progress !== undefined ? { progress } : {}),
          ...(etaSeconds !== undefined ? { etaSeconds } : {}),
          ...(this.resumedFromStep !== undefined ? { resumedFromStep: this.resumedFromStep } : {}),
          ...(curve ? { lossCurve: curve as object[] } : {}),
          ...(evaluations ? { evaluations: evaluations as unknown as object[] } : {}),
          ...(this.checkpoint ? { checkpointPath: this.checkpoint.path, checkpointStep: this.checkpoint.step } : {}),
        },
      });
      // Seconds are billed even when the job was just cancelled: the process ran them.
      if (count === 0 && seconds > 0) {
        await tx.trainingJob.update({ where: { id: this.job.id }, data: { usedSeconds: { increment: seconds } } });
      }
      await addTrainingSeconds(tx, this.job, seconds, new Date(now));
      return count > 0;
    });
    if (!stillRunning) this.onGone();
    else if (now - this.loggedAt >= PROGRESS_LOG_INTERVAL_MS && step !== undefined) {
      this.loggedAt = now;
      const loss = this.curve.at(-1)?.loss;
      this.logger.info({ jobId: this.job.id, step, totalSteps, loss, etaSeconds }, "training progress");
    }
  }

  private addPoint(point: LossPoint): void {
    const last = this.curve.at(-1);
    if (last && last.step >= point.step) {
      // A resumed attempt replays steps after its checkpoint: keep the curve increasing.
      this.curve = this.curve.filter((p) => p.step < point.step);
    }
    this.curve.push(point.devLoss === undefined ? { step: point.step, loss: point.loss } : point);
    if (this.curve.length > MAX_CURVE_POINTS) this.curve = this.curve.filter((_, index) => index % 2 === 0 || index === this.curve.length - 1);
    this.curveChanged = true;
  }

  private addEvaluation(step: number, devLoss: number, devBleu: number | undefined): void {
    // A resumed attempt replays the steps after its checkpoint: its evaluations replace the earlier attempt's.
    this.evaluations = this.evaluations.filter((evaluation) => evaluation.step < step);
    this.evaluations.push({ step, devLoss, ...(devBleu !== undefined ? { devBleu } : {}), at: new Date().toISOString() });
    if (this.evaluations.length > MAX_EVALUATIONS) {
      const last = this.evaluations.length - 1;
      this.evaluations = this.evaluations.filter((_, index) => index % 2 === 0 || index === last);
    }
    this.evaluationsChanged = true;
  }
}
