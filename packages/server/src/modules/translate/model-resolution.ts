import { randomInt } from "node:crypto";
import type { Model, ModelVersion } from "../../db/generated/client.js";
import { toModel, toModelVersion } from "../../db/row-mapping.js";
import type { SqlPool } from "../../db/sql-pool.js";
import { ModelVersionUnavailableError, NotFoundError } from "../../errors/gateway-errors.js";

export interface ServingVersion {
  model: Model;
  version: ModelVersion & { artifactPath: string };
  /** The names of the labels pointing at `version`, sorted (what `ModelVersion.labels` answers). */
  labels: string[];
}

export interface VersionChoice {
  version?: number | null | undefined;
  label?: string | null | undefined;
}

/** One row resolution chooses from: the model, and a labelled (or the pinned) version with its labels. */
export interface ServingCandidate {
  model: Model;
  label: string | null;
  version: ModelVersion | null;
  versionLabels: string[];
}

interface CandidateRow {
  model: Record<string, unknown>;
  label: string | null;
  version: Record<string, unknown> | null;
  versionLabels: string[];
}

/**
 * The rows `chooseServingVersion` picks from, for a model name as the tenant sees it: its own model of that name
 * if it has one, else the public one; with the versions labelled `label` (default `stable` and `canary`), or the
 * pinned `version`. Empty when no such model exists. One query.
 */
export async function loadServingCandidates(sql: SqlPool, tenantId: string, modelName: string, choice: VersionChoice): Promise<ServingCandidate[]> {
  const pinned = choice.version ?? null;
  const labels = choice.label ? [choice.label] : ["stable", "canary"];
  const { rows } = await sql.query<CandidateRow>(
    `SELECT to_jsonb(m) AS model, l."name" AS label, to_jsonb(v) AS version,
       ARRAY(SELECT x."name" FROM "ModelLabel" x WHERE x."versionId" = v."id" ORDER BY x."name") AS "versionLabels"
     FROM "Model" m
     LEFT JOIN "ModelLabel" l ON l."modelId" = m."id" AND l."name" = ANY($3::text[]) AND $4::int IS NULL
     LEFT JOIN "ModelVersion" v ON v."modelId" = m."id" AND (v."id" = l."versionId" OR v."version" = $4::int)
     WHERE m."name" = $1 AND (m."ownerTenantId" IS NULL OR m."ownerTenantId" = $2::uuid)`,
    [modelName, tenantId, labels, pinned],
  );
  const own = rows.filter((row) => row.model.ownerTenantId === tenantId);
  return (own.length > 0 ? own : rows).map((row) => ({
    model: toModel(row.model),
    label: row.label,
    version: row.version ? toModelVersion(row.version) : null,
    versionLabels: row.versionLabels,
  }));
}

/**
 * Which version serves a request: a pinned `version`, else `label`, else `stable`, except that `canaryPercent` of
 * unpinned requests go to `canary`. NOT_FOUND without such a model or version; MODEL_VERSION_UNAVAILABLE when the
 * version cannot translate (archived, training, failed).
 */
export function chooseServingVersion(candidates: readonly ServingCandidate[], modelName: string, choice: VersionChoice): ServingVersion {
  if (candidates.length === 0) throw new NotFoundError(`Model "${modelName}" not found.`);
  const model = candidates[0]!.model;
  const { version, versionLabels } = chooseVersion(model, candidates, choice);
  if (version.status !== "READY" || !version.artifactPath) {
    throw new ModelVersionUnavailableError(
      `Version ${version.version} of model "${model.name}" is ${version.status.toLowerCase()} and cannot translate.`,
      version.status,
    );
  }
  return { model, version: { ...version, artifactPath: version.artifactPath }, labels: versionLabels };
}

/** loadServingCandidates and chooseServingVersion, straight from the database (the gateway caches the first: ServingVersions). */
export async function resolveServingVersion(sql: SqlPool, tenantId: string, modelName: string, choice: VersionChoice): Promise<ServingVersion> {
  return chooseServingVersion(await loadServingCandidates(sql, tenantId, modelName, choice), modelName, choice);
}

function chooseVersion(model: Model, rows: readonly ServingCandidate[], choice: VersionChoice): { version: ModelVersion; versionLabels: string[] } {
  if (choice.version !== null && choice.version !== undefined) {
    const pinned = rows.find((row) => row.version);
    if (!pinned) throw new NotFoundError(`Model "${model.name}" has no version ${choice.version}.`);
    return pinned as { version: ModelVersion; versionLabels: string[] };
  }
  const byLabel = new Map(rows.filter((row) => row.label && row.version).map((row) => [row.label!, row as { version: ModelVersion; versionLabels: string[] }]));
  const canary = byLabel.get("canary");
  if (!choice.label && canary && model.canaryPercent > 0 && randomInt(100) < model.canaryPercent) return canary;
  const wanted = choice.label ?? "stable";
  const labelled = byLabel.get(wanted);
  if (!labelled) throw new NotFoundError(`Model "${model.name}" has no version labelled "${wanted}".`);
  return labelled;
}
