import { randomInt } from "node:crypto";
import type { Database } from "../../db/client.js";
import type { Model, ModelVersion } from "../../db/generated/client.js";
import { ModelVersionUnavailableError, NotFoundError } from "../../errors/gateway-errors.js";
import { findModelByName } from "../models/service.js";

export interface ServingVersion {
  model: Model;
  version: ModelVersion & { artifactPath: string };
}

interface VersionChoice {
  version?: number | null | undefined;
  label?: string | null | undefined;
}

/**
 * Which version serves a request: a pinned `version`, else `label`, else
 * `stable`, except that `canaryPercent` of unpinned requests go to `canary`.
 */
export async function resolveServingVersion(prisma: Database, tenantId: string, modelName: string, choice: VersionChoice): Promise<ServingVersion> {
  const model = await findModelByName(prisma, tenantId, modelName);
  if (!model) throw new NotFoundError(`Model "${modelName}" not found.`);
  const version = await chooseVersion(prisma, model, choice);
  if (version.status !== "READY" || !version.artifactPath) {
    throw new ModelVersionUnavailableError(
      `Version ${version.version} of model "${model.name}" is ${version.status.toLowerCase()} and cannot translate.`,
      version.status,
    );
  }
  return { model, version: { ...version, artifactPath: version.artifactPath } };
}

async function chooseVersion(prisma: Database, model: Model, choice: VersionChoice): Promise<ModelVersion> {
  if (choice.version !== null && choice.version !== undefined) {
    const pinned = await prisma.modelVersion.findUnique({ where: { modelId_version: { modelId: model.id, version: choice.version } } });
    if (!pinned) throw new NotFoundError(`Model "${model.name}" has no version ${choice.version}.`);
    return pinned;
  }
  const wanted = choice.label ?? "stable";
  const names = choice.label ? [wanted] : ["stable", "canary"];
  const labels = await prisma.modelLabel.findMany({ where: { modelId: model.id, name: { in: names } }, include: { version: true } });
  const byName = new Map(labels.map((label) => [label.name, label.version]));
  const canary = byName.get("canary");
  if (!choice.label && canary && model.canaryPercent > 0 && randomInt(100) < model.canaryPercent) return canary;
  const labelled = byName.get(wanted);
  if (!labelled) throw new NotFoundError(`Model "${model.name}" has no version labelled "${wanted}".`);
  return labelled;
}
