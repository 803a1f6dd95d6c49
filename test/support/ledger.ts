import { setTimeout as sleep } from "node:timers/promises";
import type { Database } from "@parley/server";

/**
 * Waits until no translation of the tenant (or of any tenant) is RESERVED: the gateway settles a translation
 * just after its response was delivered, so a test reading the ledger right after a response waits for that.
 */
export async function ledgerSettled(prisma: Database, tenantId?: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const where = { kind: "TRANSLATION" as const, status: "RESERVED" as const, ...(tenantId ? { tenantId } : {}) };
  while ((await prisma.usageRecord.count({ where })) > 0) {
    if (Date.now() > deadline) throw new Error(`translations still RESERVED after ${timeoutMs} ms`);
    await sleep(20);
  }
}
