import { mkdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import type { Database } from "../../db/client.js";
import type { ModelVersion, TrainingJob } from "../../db/generated/client.js";
import { lockModel } from "../models/release-access.js";
import { moveLabel } from "../models/release-service.js";
import type { ChildMessage } from "./child-messages.js";
import { readJobConfig } from "./job-config.js";
import { versionArtifactDir } from "./training-paths.js";

type Done = Extract<ChildMessage, { type: "done" }>;

/**
 * Turns a finished job into the model's next version: READY, with its test
 * metrics and artifact, but unlabelled (promotion is a separate, deliberate
 * step), except for jobs asked to promote (the bootstrap model).
 * Returns undefined when the job stopped RUNNING meanwhile (cancelled).
 */
export async function registerTrainedVersion(
  prisma: Database,
  dataDir: string,
  jobId: string,
  done: Done,
): Promise<{ version: ModelVersion; job: TrainingJob } | undefined> {
  let moved: { from: string; to: string } | undefined;
  try {
    return await prisma.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id FROM "TrainingJob" WHERE id = ${jobId}::uuid FOR UPDATE`;
      const job = await tx.trainingJob.findUniqueOrThrow({ where: { id: jobId }, include: { dataset: true, parentVersion: true } });
      if (job.status !== "RUNNING") return undefined;
      await lockModel(tx, job.modelId);
      const last = await tx.modelVersion.aggregate({ where: { modelId: job.modelId }, _max: { version: true } });
      const number = (last._max.version ?? 0) + 1;
      const artifactPath = versionArtifactDir(dataDir, job.modelId, number);
      await mkdir(path.dirname(artifactPath), { recursive: true });
      await rm(artifactPath, { recursive: true, force: true });
      await rename(done.artifactDir, artifactPath);
      moved = { from: done.artifactDir, to: artifactPath };
      const config = readJobConfig(job.config);
      const version = await tx.modelVersion.create({
        data: {
          modelId: job.modelId,
          version: number,
          status: "READY",
          architecture: job.architecture,
          artifactPath,
          artifactChecksum: done.checksum,
          sizeBytes: BigInt(done.sizeBytes),
          metrics: { ...done.metrics, ...parentMetrics(job.parentVersion, job.modelId) },
          parentVersionId: job.parentVersionId,
          trainingConfig: {
            jobId: job.id,
            preset: job.preset,
            maxMinutes: job.maxMinutes,
            steps: done.steps,
            seed: config.seed ?? null,
            datasetId: job.datasetId,
            datasetChecksum: job.dataset?.checksum ?? null,
            maxSteps: config.maxSteps ?? null,
            continuedFromVersion: job.parentVersion?.version ?? null,
            ...otherModel(job.parentVersion, job.modelId),
          },
        },
      });
      const finished = await tx.trainingJob.update({
        where: { id: job.id },
        data: {
          status: "SUCCEEDED",
          resultVersionId: version.id,
          progress: 1,
          etaSeconds: 0,
          // Early stopping or the time limit may end a run before the planned steps.
          step: done.steps,
          totalSteps: done.steps,
          finishedAt: new Date(),
          ...(done.metrics.devBleu !== undefined ? { devBleu: done.metrics.devBleu } : {}),
        },
      });
      if (config.promoteTo) await moveLabel(tx, job.modelId, config.promoteTo, version.id, "bootstrap");
      return { version, job: finished };
    });
  } catch (error) {
    if (moved) await rename(moved.to, moved.from).catch(() => undefined);
    throw error;
  }
}

/** A continued version's metrics name the version (and exact artifact) it was trained from. */
function parentMetrics(parent: ModelVersion | null, modelId: string): Record<string, number | string> {
  if (!parent) return {};
  return {
    parentVersion: parent.version,
    ...otherModel(parent, modelId),
    ...(parent.artifactChecksum ? { parentArtifactChecksum: parent.artifactChecksum } : {}),
  };
}

/** A parent of another model (startFrom, e.g. a public base model): its number alone would be read as this model's. */
function otherModel(parent: ModelVersion | null, modelId: string): { parentModelId?: string } {
  return parent && parent.modelId !== modelId ? { parentModelId: parent.modelId } : {};
}
