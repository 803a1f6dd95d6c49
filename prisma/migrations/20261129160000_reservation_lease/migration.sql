-- Reservations carry a lease renewed by the gateway working on them, an expired one is released.

-- AlterTable
ALTER TABLE "UsageRecord" ADD COLUMN     "leaseExpiresAt" TIMESTAMP(3);

-- Rows reserved before this migration keep the old rule: stale 15 minutes after they were made.
UPDATE "UsageRecord" SET "leaseExpiresAt" = "createdAt" + interval '15 minutes' WHERE "status" = 'RESERVED';

-- CreateIndex
CREATE INDEX "UsageRecord_status_leaseExpiresAt_idx" ON "UsageRecord"("status", "leaseExpiresAt");
