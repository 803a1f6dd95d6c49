import type { Prisma } from "../../db/generated/client.js";
import type { Database } from "../../db/client.js";
import { billingPeriod } from "../../limits/billing-period.js";

/** The ledger row of one attempt of a job: found again by this key after a crash. */
export function attemptUsageKey(jobId: string, attempt: number): string {
  return `training:${jobId}:${attempt}`;
}

/** Opens the attempt's ledger row (kind TRAINING), billed as seconds pass. */
export async function openTrainingUsage(
  prisma: Database,
  job: { id: string; tenantId: string; attempts: number },
  apiKeyId: string | undefined,
  now = new Date(),
): Promise<void> {
  const idempotencyKey = attemptUsageKey(job.id, job.attempts);
  const apiKey = apiKeyId ? await prisma.apiKey.findUnique({ where: { id: apiKeyId }, select: { id: true } }) : null;
  await prisma.usageRecord.upsert({
    where: { tenantId_idempotencyKey: { tenantId: job.tenantId, idempotencyKey } },
    create: {
      tenantId: job.tenantId,
      apiKeyId: apiKey?.id ?? null,
      kind: "TRAINING",
      status: "RESERVED",
      idempotencyKey,
      period: billingPeriod(now),
    },
    update: {},
  });
}

/**
 * Adds seconds to the attempt's ledger row and to the tenant's month counter,
 * in the caller's transaction (with the job's own usedSeconds).
 */
export async function addTrainingSeconds(
  tx: Prisma.TransactionClient,
  job: { id: string; tenantId: string; attempts: number },
  seconds: number,
  now = new Date(),
): Promise<void> {
  if (seconds <= 0) return;
  const idempotencyKey = attemptUsageKey(job.id, job.attempts);
  await tx.usageRecord.updateMany({
    where: { tenantId: job.tenantId, idempotencyKey },
    data: { trainingSeconds: { increment: seconds } },
  });
  const period = billingPeriod(now);
  await tx.usageCounter.upsert({
    where: { tenantId_period: { tenantId: job.tenantId, period } },
    create: { tenantId: job.tenantId, period, trainingSeconds: seconds },
    update: { trainingSeconds: { increment: seconds } },
  });
}

/**
 * Closes the ledger rows of a job's attempts: the seconds used are billed
 * whatever the outcome (SUCCEEDED), linked to the version when there is one.
 */
export async function settleTrainingUsage(
  prisma: Database | Prisma.TransactionClient,
  job: { id: string; tenantId: string },
  modelVersionId?: string,
  now = new Date(),
): Promise<void> {
  await prisma.usageRecord.updateMany({
    where: { tenantId: job.tenantId, kind: "TRAINING", status: "RESERVED", idempotencyKey: { startsWith: `training:${job.id}:` } },
    data: { status: "SUCCEEDED", settledAt: now, ...(modelVersionId ? { modelVersionId } : {}) },
  });
}
