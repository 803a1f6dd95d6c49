import { rm } from "node:fs/promises";
import path from "node:path";
import type { Logger } from "pino";
import type { Database } from "../../db/client.js";
import type { TrainingJob } from "../../db/generated/client.js";
import type { TrainingSpec } from "./child-messages.js";
import { readJobConfig } from "./job-config.js";
import { JobProgressWriter } from "./job-progress.js";
import { registerTrainedVersion } from "./register-version.js";
import { attemptDir, jobWorkDir } from "./training-paths.js";
import { TrainingProcess } from "./training-process.js";
import { openTrainingUsage, settleTrainingUsage } from "./training-usage.js";

export interface ExecutionSettings {
  prisma: Database;
  dataDir: string;
  logger: Logger;
  heartbeatMs: number;
  maxTestPairs: number;
  checkpointEverySteps: number;
  niceness: number;
}

/** Why the runner stops a job it is running. */
export type StopReason = "cancelled" | "shutdown";

/** Beyond its time limit a process gets this long to evaluate and save before it is killed. */
const EVALUATION_GRACE_MS = 10 * 60_000;

/** One attempt at one claimed job, from process start to the job's next status. */
export class JobExecution {
  readonly done: Promise<void>;
  private process: TrainingProcess | undefined;
  private stopReason: StopReason | undefined;

  constructor(
    private readonly settings: ExecutionSettings,
    readonly jobId: string,
  ) {
    this.done = this.run().catch((error: unknown) => {
      settings.logger.error({ err: error, jobId }, "training job could not be run");
      return this.finish("FAILED", `internal error: ${(error as Error).message}`);
    });
  }

  stop(reason: StopReason): void {
    this.stopReason ??= reason;
    this.process?.kill();
  }

  private async run(): Promise<void> {
    const { prisma, dataDir, logger } = this.settings;
    const job = await prisma.trainingJob.findUniqueOrThrow({
      where: { id: this.jobId },
      include: { dataset: true, parentVersion: true },
    });
    const config = readJobConfig(job.config);
    const remainingMinutes = job.maxMinutes - job.usedSeconds / 60;
    if (!job.dataset) return this.finish("FAILED", "its dataset was deleted");
    if (job.parentVersion && !job.parentVersion.artifactPath) return this.finish("FAILED", "the version it continues has no artifact");
    if (remainingMinutes <= 0.05) return this.finish("FAILED", "its time limit was used up before it could finish");
    const workDir = attemptDir(dataDir, job.id, job.attempts);
    const spec: TrainingSpec = {
      jobId: job.id,
      datasetPath: job.dataset.storagePath,
      architecture: job.architecture,
      preset: job.preset,
      targetLanguage: job.dataset.targetLanguage,
      maxMinutes: remainingMinutes,
      workDir,
      artifactDir: path.join(workDir, "artifact"),
      maxTestPairs: this.settings.maxTestPairs,
      checkpointEverySteps: checkpointInterval(config.maxSteps, this.settings.checkpointEverySteps),
      ...(config.seed !== undefined ? { seed: config.seed } : {}),
      ...(job.checkpointPath ? { resumeFrom: job.checkpointPath } : {}),
      ...(job.parentVersion?.artifactPath ? { initFrom: job.parentVersion.artifactPath } : {}),
      ...(config.maxTrainPairs ? { maxTrainPairs: config.maxTrainPairs } : {}),
      ...(config.maxSteps ? { maxSteps: config.maxSteps } : {}),
    };
    logger.info(
      { jobId: job.id, attempt: job.attempts, resumeFromStep: job.checkpointPath ? job.checkpointStep : undefined },
      job.checkpointPath ? "training job resumed from its checkpoint" : "training job started",
    );
    await openTrainingUsage(prisma, job, config.requestedByKeyId);
    if (this.stopReason) return this.afterStop(job);

    const progress = new JobProgressWriter(prisma, job, { lossCurve: job.lossCurve, evaluations: job.evaluations }, logger, () => this.stop("cancelled"));
    progress.start(this.settings.heartbeatMs);
    this.process = new TrainingProcess(spec, (message) => progress.report(message), logger, this.settings.niceness);
    let timedOut = false;
    const deadline = setTimeout(() => {
      timedOut = true;
      this.process?.kill();
    }, remainingMinutes * 60_000 + EVALUATION_GRACE_MS);
    const outcome = await this.process.outcome.finally(() => clearTimeout(deadline));
    await progress.stop();

    if (this.stopReason) return this.afterStop(job);
    if (timedOut) return this.finish("FAILED", "it ran past its time limit without finishing its evaluation");
    if (outcome.kind === "failed") return this.finish("FAILED", outcome.message);
    const registered = await registerTrainedVersion(prisma, dataDir, job.id, outcome.result);
    if (!registered) return this.afterStop(job);
    await settleTrainingUsage(prisma, job, registered.version.id);
    await this.cleanUp();
    logger.info(
      { jobId: job.id, modelId: job.modelId, version: registered.version.version, metrics: outcome.result.metrics },
      "training job succeeded: new model version READY",
    );
  }

  /**
   * After the runner stopped the process: a shutdown leaves the job INTERRUPTED
   * (it resumes at the next start); a cancel already set CANCELLED. A job taken
   * over as INTERRUPTED by another runner keeps its checkpoints.
   */
  private async afterStop(job: TrainingJob): Promise<void> {
    const { prisma, logger } = this.settings;
    if (this.stopReason === "shutdown") {
      await prisma.trainingJob.updateMany({ where: { id: job.id, status: "RUNNING" }, data: { status: "INTERRUPTED", etaSeconds: null } });
    }
    await settleTrainingUsage(prisma, job);
    const { status } = await prisma.trainingJob.findUniqueOrThrow({ where: { id: job.id }, select: { status: true } });
    if (status === "CANCELLED") await this.cleanUp();
    logger.info({ jobId: job.id, status }, status === "INTERRUPTED" ? "training job interrupted; it resumes from its checkpoint" : "training job stopped");
  }

  private async finish(status: "FAILED", error: string): Promise<void> {
    const { prisma, logger } = this.settings;
    await prisma.trainingJob.updateMany({
      where: { id: this.jobId, status: "RUNNING" },
      data: { status, error, finishedAt: new Date(), etaSeconds: null },
    });
    const job = await prisma.trainingJob.findUnique({ where: { id: this.jobId } });
    if (job) await settleTrainingUsage(prisma, job);
    await this.cleanUp();
    logger.warn({ jobId: this.jobId, error }, "training job failed");
  }

  private async cleanUp(): Promise<void> {
    await rm(jobWorkDir(this.settings.dataDir, this.jobId), { recursive: true, force: true });
  }
}

/** About ten checkpoints in a run of known length, never further apart than `most` steps. */
function checkpointInterval(maxSteps: number | undefined, most: number): number {
  return maxSteps === undefined ? most : Math.max(5, Math.min(most, Math.ceil(maxSteps / 10)));
}
