import type { Model, ModelVersion, Prisma } from "../../db/generated/client.js";
import { BadUserInputError, NotFoundError } from "../../errors/gateway-errors.js";
import { architectureName, isKnownPreset, presetNames, type ArchitectureEnum, type ArchitectureName } from "./architectures.js";

type Reader = Pick<Prisma.TransactionClient, "modelVersion">;

export interface TrainingShape {
  architecture: ArchitectureName;
  preset: string;
}

interface RequestedShape {
  architecture?: ArchitectureEnum | null;
  preset?: string | null;
}

/** The input field naming the parent: refusals carry it in `extensions.field`. */
export type ParentField = "continueFromVersion" | "startFrom";

/** Checks a parent's version number before any lookup. */
export function assertVersionNumber(value: number, field: ParentField = "continueFromVersion"): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new BadUserInputError(`${field === "startFrom" ? "startFrom.version" : field} must be a version number (a positive whole number).`, { field });
  }
}

/**
 * The version a job may start from: one of `model`'s versions (the caller's access to the
 * model was checked by the caller of this), READY with its artifact on disk.
 */
export async function findContinuableVersion(
  db: Reader,
  model: Model,
  version: number,
  field: ParentField = "continueFromVersion",
): Promise<ModelVersion> {
  const parent = await db.modelVersion.findUnique({ where: { modelId_version: { modelId: model.id, version } } });
  if (!parent) throw new NotFoundError(`Version ${version} of model "${model.name}" not found.`);
  assertContinuable(parent, model, field);
  return parent;
}

export function assertContinuable(parent: ModelVersion, model: Model, field: ParentField): void {
  if (parent.status !== "READY" || parent.artifactPath === null) {
    throw new BadUserInputError(
      `Version ${parent.version} of model "${model.name}" is ${parent.status.toLowerCase()}: only a READY version can be trained further.`,
      { field, versionStatus: parent.status },
    );
  }
}

/**
 * Architecture and preset of a job. A fresh model: as requested (default transformer, small).
 * A continuation (continueFromVersion or startFrom): the parent's, and a different request is refused rather than silently
 * ignored. The engine takes both from the parent's artifact in any case, so a parent whose
 * row does not record them (a published artifact) keeps the request or default on the job.
 */
export function trainingShape(requested: RequestedShape, parent: ModelVersion | undefined, parentName = `Version ${parent?.version}`): TrainingShape {
  const architecture = requested.architecture ? architectureName(requested.architecture) : undefined;
  if (!parent) {
    const shape = { architecture: architecture ?? "transformer", preset: requested.preset ?? "small" } as const;
    if (!isKnownPreset(shape.architecture, shape.preset)) {
      throw new BadUserInputError(`Unknown preset "${shape.preset}": use one of ${presetNames(shape.architecture).join(", ")}.`, { field: "preset" });
    }
    return shape;
  }
  const parentArchitecture = isArchitectureName(parent.architecture) ? parent.architecture : undefined;
  const parentPreset = presetOf(parent);
  if (architecture !== undefined && parentArchitecture !== undefined && architecture !== parentArchitecture) {
    throw new BadUserInputError(`${parentName} is a ${parentArchitecture} model: continue it without an architecture, or train a new ${architecture} model.`, {
      field: "architecture",
    });
  }
  if (requested.preset && parentPreset !== undefined && requested.preset !== parentPreset) {
    throw new BadUserInputError(`${parentName} has the ${parentPreset} preset: continue it without a preset, or train a new ${requested.preset} model.`, {
      field: "preset",
    });
  }
  return { architecture: parentArchitecture ?? architecture ?? "transformer", preset: parentPreset ?? requested.preset ?? "small" };
}

function isArchitectureName(value: string): value is ArchitectureName {
  return value === "transformer" || value === "lstm";
}

function presetOf(version: ModelVersion): string | undefined {
  const config = version.trainingConfig;
  const preset = config !== null && typeof config === "object" && !Array.isArray(config) ? config.preset : undefined;
  return typeof preset === "string" ? preset : undefined;
}
