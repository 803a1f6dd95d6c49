import type { Prisma } from "../../db/generated/client.js";
import { GatewayError } from "../../errors/gateway-errors.js";
import { billingPeriod, nextPeriodStart } from "../../limits/billing-period.js";

/** Jobs that may still spend training time. */
export const ACTIVE_JOB_STATUSES = ["QUEUED", "RUNNING", "INTERRUPTED"] as const;

/** The month's training minutes are spent (or promised to jobs already queued). */
export class TrainingQuotaExceededError extends GatewayError {
  constructor(requestedMinutes: number, remainingMinutes: number, resetsAt: Date) {
    super(
      `Monthly training quota exceeded: this job asks for ${requestedMinutes} minutes, ${remainingMinutes} remain until ${resetsAt.toISOString()}.`,
      "QUOTA_EXCEEDED",
      429,
      { requestedMinutes, remainingMinutes, resetsAt: resetsAt.toISOString() },
    );
  }
}

/**
 * Checks, with the tenant row locked so concurrent requests cannot both pass,
 * that `maxMinutes` fits in the month's training minutes: the quota less the
 * seconds already used and the time still promised to unfinished jobs.
 * Call inside the transaction that inserts the job.
 */
export async function assertTrainingMinutesAvailable(
  tx: Prisma.TransactionClient,
  tenantId: string,
  maxMinutes: number,
  now = new Date(),
): Promise<void> {
  await tx.$queryRaw`SELECT id FROM "Tenant" WHERE id = ${tenantId}::uuid FOR UPDATE`;
  const tenant = await tx.tenant.findUniqueOrThrow({ where: { id: tenantId } });
  const counter = await tx.usageCounter.findUnique({ where: { tenantId_period: { tenantId, period: billingPeriod(now) } } });
  const active = await tx.trainingJob.findMany({
    where: { tenantId, status: { in: [...ACTIVE_JOB_STATUSES] } },
    select: { maxMinutes: true, usedSeconds: true },
  });
  const promised = active.reduce((sum, job) => sum + Math.max(0, job.maxMinutes * 60 - job.usedSeconds), 0);
  const remaining = tenant.monthlyTrainingMinutes * 60 - (counter?.trainingSeconds ?? 0) - promised;
  if (maxMinutes * 60 > remaining) {
    throw new TrainingQuotaExceededError(maxMinutes, Math.max(0, Math.floor(remaining / 60)), nextPeriodStart(now));
  }
}
