import type { ApiKey, ApiKeyScope, Model, ModelVersion, ModelVersionStatus, Tenant, UsageRecord } from "./generated/client.js";

/**
 * Rows read as `to_jsonb(row)` on the pg pool, turned into the objects Prisma
 * would return. Prisma stores DateTime as `timestamp(3)` in UTC without a zone,
 * so JSON gives "2026-11-29T02:47:00.123" and the Z is ours to add.
 */
type JsonRow = Record<string, unknown>;

const date = (value: unknown): Date => new Date(`${String(value)}Z`);
const optionalDate = (value: unknown): Date | null => (value === null || value === undefined ? null : date(value));
/** A `date` column ("2026-11-01"), as Prisma returns it: midnight UTC. */
const day = (value: unknown): Date => new Date(`${String(value)}T00:00:00Z`);
const optionalBigInt = (value: unknown): bigint | null => (value === null || value === undefined ? null : BigInt(value as number));

export function toTenant(row: JsonRow): Tenant {
  return {
    ...(row as unknown as Tenant),
    monthlyCharacterQuota: BigInt(row.monthlyCharacterQuota as number),
    createdAt: date(row.createdAt),
    updatedAt: date(row.updatedAt),
  };
}

export function toApiKey(row: JsonRow): ApiKey {
  return {
    ...(row as unknown as ApiKey),
    scopes: row.scopes as ApiKeyScope[],
    createdAt: date(row.createdAt),
    lastUsedAt: optionalDate(row.lastUsedAt),
    expiresAt: optionalDate(row.expiresAt),
    revokedAt: optionalDate(row.revokedAt),
  };
}

export function toModel(row: JsonRow): Model {
  return { ...(row as unknown as Model), createdAt: date(row.createdAt), updatedAt: date(row.updatedAt) };
}

export function toModelVersion(row: JsonRow): ModelVersion {
  return {
    ...(row as unknown as ModelVersion),
    status: row.status as ModelVersionStatus,
    sizeBytes: optionalBigInt(row.sizeBytes),
    createdAt: date(row.createdAt),
    archivedAt: optionalDate(row.archivedAt),
  };
}

/** A ledger row; `period` is a date column, the other dates timestamps. */
export function toUsageRecord(row: JsonRow): UsageRecord {
  return {
    ...(row as unknown as UsageRecord),
    period: day(row.period),
    createdAt: date(row.createdAt),
    settledAt: optionalDate(row.settledAt),
    leaseExpiresAt: optionalDate(row.leaseExpiresAt),
  };
}
