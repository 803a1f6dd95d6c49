import { randomInt } from "node:crypto";
import type { Model, ModelVersion } from "../../db/generated/client.js";
import { toModel, toModelVersion } from "../../db/row-mapping.js";
import type { SqlPool } from "../../db/sql-pool.js";
import { ModelVersionUnavailableError, NotFoundError } from "../../errors/gateway-errors.js";

export interface ServingVersion {
  model: Model;
  version: ModelVersion & { artifactPath: string };
}

interface VersionChoice {
  version?: number | null | undefined;
  label?: string | null | undefined;
}

interface CandidateRow {
  model: Record<string, unknown>;
  label: string | null;
  version: Record<string, unknown> | null;
}

/**
 * Which version serves a request: a pinned `version`, else `label`, else
 * `stable`, except that `canaryPercent` of unpinned requests go to `canary`.
 * The caller's own model of that name wins over a public one. One query.
 */
export async function resolveServingVersion(sql: SqlPool, tenantId: string, modelName: string, choice: VersionChoice): Promise<ServingVersion> {
  const pinned = choice.version ?? null;
  const labels = choice.label ? [choice.label] : ["stable", "canary"];
  const { rows } = await sql.query<CandidateRow>(
    `SELECT to_jsonb(m) AS model, l."name" AS label, to_jsonb(v) AS version
     FROM "Model" m
     LEFT JOIN "ModelLabel" l ON l."modelId" = m."id" AND l."name" = ANY($3::text[]) AND $4::int IS NULL
     LEFT JOIN "ModelVersion" v ON v."modelId" = m."id" AND (v."id" = l."versionId" OR v."version" = $4::int)
     WHERE m."name" = $1 AND (m."ownerTenantId" IS NULL OR m."ownerTenantId" = $2::uuid)`,
    [modelName, tenantId, labels, pinned],
  );
  const own = rows.filter((row) => row.model.ownerTenantId === tenantId);
  const candidates = own.length > 0 ? own : rows;
  if (candidates.length === 0) throw new NotFoundError(`Model "${modelName}" not found.`);
  const model = toModel(candidates[0]!.model);
  const version = chooseVersion(model, candidates, choice);
  if (version.status !== "READY" || !version.artifactPath) {
    throw new ModelVersionUnavailableError(
      `Version ${version.version} of model "${model.name}" is ${version.status.toLowerCase()} and cannot translate.`,
      version.status,
    );
  }
  return { model, version: { ...version, artifactPath: version.artifactPath } };
}

function chooseVersion(model: Model, rows: CandidateRow[], choice: VersionChoice): ModelVersion {
  if (choice.version !== null && choice.version !== undefined) {
    const pinned = rows.find((row) => row.version)?.version;
    if (!pinned) throw new NotFoundError(`Model "${model.name}" has no version ${choice.version}.`);
    return toModelVersion(pinned);
  }
  const byLabel = new Map(rows.filter((row) => row.label && row.version).map((row) => [row.label!, row.version!]));
  const canary = byLabel.get("canary");
  if (!choice.label && canary && model.canaryPercent > 0 && randomInt(100) < model.canaryPercent) {
    return toModelVersion(canary);
  }
  const wanted = choice.label ?? "stable";
  const labelled = byLabel.get(wanted);
  if (!labelled) throw new NotFoundError(`Model "${model.name}" has no version labelled "${wanted}".`);
  return toModelVersion(labelled);
}
