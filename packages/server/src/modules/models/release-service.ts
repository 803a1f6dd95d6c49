import type { Caller } from "../../auth/authenticate.js";
import type { Logger } from "../../logging/logger.js";
import type { Database } from "../../db/client.js";
import type { Model, ModelVersion, Prisma } from "../../db/generated/client.js";
import { BadUserInputError, NotFoundError } from "../../errors/gateway-errors.js";
import { findManagedModel, lockModel } from "./release-access.js";
import { PROMOTE_REASON, ROLLBACK_REASON, rollbackTarget } from "./release-history.js";

export const STABLE_LABEL = "stable";
export const CANARY_LABEL = "canary";
const LABEL_PATTERN = /^[a-z][a-z0-9-]{0,31}$/;

/** What archiving needs from the serving engine: drop a version from memory. */
export interface VersionUnloader {
  unload(versionId: string): Promise<void>;
}

/**
 * Release management: labels are rows read on every request (no cache), so a
 * move takes effect for the next request, while requests already resolved keep
 * the version they started with. Every move of a label is recorded as an event.
 */
export class ReleaseService {
  constructor(
    private readonly prisma: Database,
    private readonly engine?: VersionUnloader,
    private readonly logger?: Logger,
  ) {}

  async promote(caller: Caller | null, modelName: string, version: number, label: string): Promise<Model> {
    if (!LABEL_PATTERN.test(label)) {
      throw new BadUserInputError(`Label "${label}" is invalid: use lower-case letters, digits and -, up to 32.`);
    }
    return this.prisma.$transaction(async (tx) => {
      const model = await findManagedModel(tx, caller, modelName);
      await lockModel(tx, model.id);
      const target = await findVersion(tx, model, version);
      if (target.status !== "READY") {
        throw new BadUserInputError(`Version ${version} of "${model.name}" is ${target.status}: only READY versions can be promoted.`);
      }
      await moveLabel(tx, model.id, label, target.id, PROMOTE_REASON);
      return tx.model.findUniqueOrThrow({ where: { id: model.id } });
    });
  }

  async setCanaryTraffic(caller: Caller | null, modelName: string, percent: number): Promise<Model> {
    if (!Number.isInteger(percent) || percent < 0 || percent > 100) {
      throw new BadUserInputError(`Canary traffic must be a whole percentage from 0 to 100, got ${percent}.`);
    }
    return this.prisma.$transaction(async (tx) => {
      const model = await findManagedModel(tx, caller, modelName);
      await lockModel(tx, model.id);
      if (percent > 0) {
        const canary = await tx.modelLabel.findUnique({ where: { modelId_name: { modelId: model.id, name: CANARY_LABEL } } });
        if (!canary) {
          throw new BadUserInputError(`"${model.name}" has no canary version: promote one with label "${CANARY_LABEL}" first.`);
        }
      }
      return tx.model.update({ where: { id: model.id }, data: { canaryPercent: percent } });
    });
  }

  async rollback(caller: Caller | null, modelName: string, label: string): Promise<Model> {
    return this.prisma.$transaction(async (tx) => {
      const model = await findManagedModel(tx, caller, modelName);
      await lockModel(tx, model.id);
      const current = await tx.modelLabel.findUnique({ where: { modelId_name: { modelId: model.id, name: label } } });
      const events = await tx.modelLabelEvent.findMany({ where: { modelId: model.id, label }, orderBy: { id: "asc" } });
      const versions = await tx.modelVersion.findMany({ where: { modelId: model.id }, select: { id: true, status: true } });
      const ready = new Set(versions.filter((v) => v.status === "READY").map((v) => v.id));
      const target = rollbackTarget(events, current?.versionId, (id) => ready.has(id));
      if (!target) {
        throw new BadUserInputError(`Label "${label}" of "${model.name}" has no earlier READY version to roll back to.`);
      }
      await moveLabel(tx, model.id, label, target, ROLLBACK_REASON);
      return tx.model.findUniqueOrThrow({ where: { id: model.id } });
    });
  }

  /**
   * Archives a version: it keeps its row and artifact (history, ledger) but
   * loses its labels and serves nothing new. The stable version is refused:
   * promote another one first, so a model never loses its default silently.
   */
  async archive(caller: Caller | null, modelName: string, version: number): Promise<ModelVersion> {
    const archived = await this.prisma.$transaction(async (tx) => {
      const model = await findManagedModel(tx, caller, modelName);
      await lockModel(tx, model.id);
      const target = await findVersion(tx, model, version);
      if (target.status === "ARCHIVED") return target;
      if (target.status === "TRAINING") {
        throw new BadUserInputError(`Version ${version} of "${model.name}" is still training: cancel its job instead.`);
      }
      const labels = await tx.modelLabel.findMany({ where: { versionId: target.id } });
      if (labels.some((l) => l.name === STABLE_LABEL)) {
        throw new BadUserInputError(
          `Version ${version} is the stable version of "${model.name}": promote another version to stable before archiving it.`,
        );
      }
      await tx.modelLabel.deleteMany({ where: { versionId: target.id } });
      if (labels.some((l) => l.name === CANARY_LABEL)) {
        await tx.model.update({ where: { id: model.id }, data: { canaryPercent: 0 } });
      }
      return tx.modelVersion.update({ where: { id: target.id }, data: { status: "ARCHIVED", archivedAt: new Date() } });
    });
    // After the commit: requests that resolved the version before still finish
    // (the engine lets running batches end), new ones are refused by status.
    await this.engine?.unload(archived.id).catch((error: unknown) => {
      // The version is archived either way; a loaded copy is evicted with time.
      this.logger?.warn({ err: error, versionId: archived.id }, "could not unload an archived version");
    });
    return archived;
  }
}

async function findVersion(tx: Prisma.TransactionClient, model: Model, version: number): Promise<ModelVersion> {
  const row = await tx.modelVersion.findUnique({ where: { modelId_version: { modelId: model.id, version } } });
  if (!row) throw new NotFoundError(`Model "${model.name}" has no version ${version}.`);
  return row;
}

/** Points a label at a version and records the move; a no-op when it already points there. */
export async function moveLabel(
  tx: Prisma.TransactionClient,
  modelId: string,
  label: string,
  versionId: string,
  reason: string,
): Promise<void> {
  const key = { modelId_name: { modelId, name: label } };
  const current = await tx.modelLabel.findUnique({ where: key });
  if (current?.versionId === versionId) return;
  await tx.modelLabel.upsert({ where: key, create: { modelId, name: label, versionId }, update: { versionId } });
  await tx.modelLabelEvent.create({
    data: { modelId, label, fromVersionId: current?.versionId ?? null, toVersionId: versionId, reason },
  });
}
