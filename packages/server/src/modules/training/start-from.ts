import type { Model, ModelVersion, Prisma } from "../../db/generated/client.js";
import { BadUserInputError, NotFoundError } from "../../errors/gateway-errors.js";
import { STABLE_LABEL } from "../models/release-service.js";
import { findModelByName } from "../models/service.js";
import { assertContinuable, assertVersionNumber, findContinuableVersion } from "./continuation.js";

type Reader = Pick<Prisma.TransactionClient, "model" | "modelVersion" | "modelLabel">;

export interface StartFrom {
  model: string;
  version?: number | null;
}

const FIELD = "startFrom";

/** Checks a startFrom reference before any lookup. */
export function assertStartFrom(startFrom: StartFrom): void {
  if (startFrom.version !== undefined && startFrom.version !== null) assertVersionNumber(startFrom.version, FIELD);
}

/**
 * The version a job starts from when it names another model (fine-tuning a base model):
 * a model the tenant can see, as `translate` resolves names (its own first, then a public
 * one; another tenant's model is NOT_FOUND as if it did not exist), translating the same
 * languages as `target`. Without a version: the one labelled stable, else the latest READY.
 */
export async function findStartingVersion(db: Reader, tenantId: string, startFrom: StartFrom, target: Model): Promise<{ model: Model; version: ModelVersion }> {
  const model = await findModelByName(db, tenantId, startFrom.model);
  if (!model) throw new NotFoundError(`Model "${startFrom.model}" not found.`);
  if (model.sourceLanguage !== target.sourceLanguage || model.targetLanguage !== target.targetLanguage) {
    throw new BadUserInputError(
      `Model "${model.name}" translates ${model.sourceLanguage}-${model.targetLanguage} but model "${target.name}" translates ${target.sourceLanguage}-${target.targetLanguage}: start from a model of the same languages.`,
      { field: FIELD },
    );
  }
  const number = startFrom.version ?? undefined;
  const version = number === undefined ? await defaultVersion(db, model) : await findContinuableVersion(db, model, number, FIELD);
  return { model, version };
}

async function defaultVersion(db: Reader, model: Model): Promise<ModelVersion> {
  const stable = await db.modelLabel.findUnique({ where: { modelId_name: { modelId: model.id, name: STABLE_LABEL } }, include: { version: true } });
  const version =
    stable?.version ??
    (await db.modelVersion.findFirst({ where: { modelId: model.id, status: "READY", artifactPath: { not: null } }, orderBy: { version: "desc" } }));
  if (!version) {
    throw new BadUserInputError(`Model "${model.name}" has no READY version to start from.`, { field: FIELD });
  }
  assertContinuable(version, model, FIELD);
  return version;
}
