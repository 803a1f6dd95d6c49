import type { Model } from "../../db/generated/client.js";
import { toModel } from "../../db/row-mapping.js";
import type { SqlPool } from "../../db/sql-pool.js";

export interface LanguagePair {
  sourceLanguage: string;
  targetLanguage: string;
  model: Model;
}

/**
 * One model per language pair the tenant can use: its own before a public one, then the newest; only models whose
 * `stable` label points at a READY version, and no public model shadowed by an own model of the same name (translate
 * resolves names own-first, so it could not reach it). Languages are compared by their ISO 639-1 part (`zh-Hans` is `zh`).
 */
const PAIRS_SQL = `
  SELECT DISTINCT ON (1, 2) split_part(lower(m."sourceLanguage"), '-', 1) AS "sourceLanguage",
         split_part(lower(m."targetLanguage"), '-', 1) AS "targetLanguage", to_jsonb(m) AS model
  FROM "Model" m
  JOIN "ModelLabel" l ON l."modelId" = m."id" AND l."name" = 'stable'
  JOIN "ModelVersion" v ON v."id" = l."versionId" AND v."status" = 'READY'
  WHERE (m."ownerTenantId" IS NULL OR m."ownerTenantId" = $1::uuid)
    AND NOT (m."ownerTenantId" IS NULL
             AND EXISTS (SELECT 1 FROM "Model" o WHERE o."ownerTenantId" = $1::uuid AND o."name" = m."name"))
  ORDER BY 1, 2, (m."ownerTenantId" IS NULL), m."createdAt" DESC, m."name"`;

interface PairRow {
  sourceLanguage: string;
  targetLanguage: string;
  model: Record<string, unknown>;
}

/** Every pair the tenant can translate, sorted by source then target language. One query. */
export async function listLanguagePairs(sql: SqlPool, tenantId: string): Promise<LanguagePair[]> {
  const { rows } = await sql.query<PairRow>(PAIRS_SQL, [tenantId]);
  return rows.map((row) => ({ ...row, model: toModel(row.model) }));
}

