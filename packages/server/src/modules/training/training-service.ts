import { requireScope } from "../../auth/access.js";
import type { Caller } from "../../auth/authenticate.js";
import type { Database } from "../../db/client.js";
import type { TrainingJob, TrainingJobStatus } from "../../db/generated/client.js";
import { BadUserInputError, NotFoundError } from "../../errors/gateway-errors.js";
import { isUuid } from "../../graphql/ids.js";
import { pageQuery, toConnection } from "../../graphql/pagination.js";
import type { ArchitectureEnum } from "./architectures.js";
import type { JobConfig } from "./job-config.js";
import { assertTrainingMinutesAvailable } from "./training-quota.js";
import { findManagedModel } from "../models/release-access.js";
import { assertVersionNumber, findContinuableVersion, trainingShape } from "./continuation.js";
import { assertStartFrom, findStartingVersion, type StartFrom } from "./start-from.js";

export interface TrainModelArgs {
  model: string;
  dataset: string;
  architecture?: ArchitectureEnum | null;
  preset?: string | null;
  maxMinutes?: number | null;
  seed?: number | null;
  maxSteps?: number | null;
  continueFromVersion?: number | null;
  startFrom?: StartFrom | null;
}

/** What the service needs from the job runner: start looking now, stop a job now. */
export interface RunnerControl {
  wake(): void;
  abort(jobId: string): void;
}

const MAX_MINUTES_PER_JOB = 24 * 60;
const CANCELLABLE: TrainingJobStatus[] = ["QUEUED", "RUNNING", "INTERRUPTED"];

/** Queues, reads and cancels training jobs, always within the caller's tenant. */
export class TrainingService {
  constructor(
    private readonly prisma: Database,
    private readonly runner?: RunnerControl,
  ) {}

  async enqueue(caller: Caller | null, args: TrainModelArgs): Promise<TrainingJob> {
    const known = requireScope(caller, "TRAIN");
    const maxMinutes = args.maxMinutes ?? 30;
    const continueFrom = args.continueFromVersion ?? undefined;
    const startFrom = args.startFrom ?? undefined;
    if (continueFrom !== undefined && startFrom !== undefined) {
      throw new BadUserInputError("Give continueFromVersion or startFrom, not both.", { field: "startFrom" });
    }
    if (continueFrom !== undefined) assertVersionNumber(continueFrom);
    if (startFrom !== undefined) assertStartFrom(startFrom);
    // A fresh model's shape is checked before any lookup; a continuation's once its parent is known.
    if (continueFrom === undefined && startFrom === undefined) trainingShape(args, undefined);
    if (args.maxSteps !== undefined && args.maxSteps !== null && (!Number.isInteger(args.maxSteps) || args.maxSteps < 1)) {
      throw new BadUserInputError("maxSteps must be a positive whole number.", { field: "maxSteps" });
    }
    if (!Number.isInteger(maxMinutes) || maxMinutes < 1 || maxMinutes > MAX_MINUTES_PER_JOB) {
      throw new BadUserInputError(`maxMinutes must be a whole number from 1 to ${MAX_MINUTES_PER_JOB}.`, { field: "maxMinutes" });
    }
    const job = await this.prisma.$transaction(async (tx) => {
      const model = await findManagedModel(tx, known, args.model);
      const source = startFrom === undefined ? undefined : await findStartingVersion(tx, known.tenant.id, startFrom, model);
      const parent = continueFrom === undefined ? source?.version : await findContinuableVersion(tx, model, continueFrom);
      const parentName = source ? `Version ${source.version.version} of "${source.model.name}"` : undefined;
      const { architecture, preset } = trainingShape(args, parent, parentName);
      const dataset = isUuid(args.dataset)
        ? await tx.dataset.findFirst({ where: { id: args.dataset, tenantId: known.tenant.id, status: "READY" } })
        : null;
      if (!dataset) throw new NotFoundError(`Dataset ${args.dataset} not found.`);
      if (dataset.sourceLanguage !== model.sourceLanguage || dataset.targetLanguage !== model.targetLanguage) {
        throw new BadUserInputError(
          `Dataset "${dataset.name}" is ${dataset.sourceLanguage}-${dataset.targetLanguage} but model "${model.name}" translates ${model.sourceLanguage}-${model.targetLanguage}.`,
        );
      }
      if (dataset.trainCount === 0 || dataset.testCount === 0) {
        throw new BadUserInputError(`Dataset "${dataset.name}" is too small to train and evaluate on: upload more pairs.`);
      }
      const config: JobConfig = { requestedByKeyId: known.apiKey.id };
      if (args.seed !== undefined && args.seed !== null) config.seed = args.seed;
      if (args.maxSteps !== undefined && args.maxSteps !== null) config.maxSteps = args.maxSteps;
      await assertTrainingMinutesAvailable(tx, known.tenant.id, maxMinutes);
      return tx.trainingJob.create({
        data: {
          tenantId: known.tenant.id,
          modelId: model.id,
          datasetId: dataset.id,
          architecture,
          preset,
          maxMinutes,
          config,
          parentVersionId: parent?.id ?? null,
        },
      });
    });
    this.runner?.wake();
    return job;
  }

  /** Stops a job: a queued one never starts, a running one's process is killed. */
  async cancel(caller: Caller | null, id: string): Promise<TrainingJob> {
    const tenantId = requireScope(caller, "TRAIN").tenant.id;
    const job = isUuid(id) ? await this.prisma.trainingJob.findFirst({ where: { id, tenantId } }) : null;
    if (!job) throw new NotFoundError(`Training job ${id} not found.`);
    const { count } = await this.prisma.trainingJob.updateMany({
      where: { id, status: { in: CANCELLABLE } },
      data: { status: "CANCELLED", finishedAt: new Date(), etaSeconds: null },
    });
    if (count === 0) {
      const current = await this.prisma.trainingJob.findUniqueOrThrow({ where: { id } });
      throw new BadUserInputError(`Training job ${id} has already finished (${current.status}).`);
    }
    this.runner?.abort(id);
    return this.prisma.trainingJob.findUniqueOrThrow({ where: { id } });
  }

  async get(caller: Caller | null, id: string): Promise<TrainingJob | null> {
    const tenantId = requireScope(caller, "READ", "TRAIN").tenant.id;
    return isUuid(id) ? this.prisma.trainingJob.findFirst({ where: { id, tenantId } }) : null;
  }

  /** Newest first, optionally only jobs in one status. */
  async list(caller: Caller | null, first: number | null | undefined, after: string | null | undefined, status?: TrainingJobStatus | null) {
    const tenantId = requireScope(caller, "READ", "TRAIN").tenant.id;
    const rows = await this.prisma.trainingJob.findMany({ where: { tenantId, ...(status ? { status } : {}) }, ...pageQuery(first, after) });
    return toConnection(rows, first);
  }
}
