import { setTimeout as sleep } from "node:timers/promises";
import type { Database } from "../../db/client.js";
import { ConflictError } from "../../errors/gateway-errors.js";
import type { UsageLedger } from "../../limits/usage-ledger.js";
import { replayStoredResponse, type TranslateResult } from "./stored-response.js";

const POLL_MS = 25;

/**
 * A settled request with this key is replayed. One still in flight is waited
 * for (so a concurrent duplicate returns the first's result and is billed
 * once); past `waitMs` the duplicate gets CONFLICT. A reservation whose lease
 * expired (its gateway died) is released, freeing the key. Undefined means the
 * key is free: no request holds it (or the one that did failed and released it).
 */
export async function awaitEarlierResult(
  prisma: Database,
  ledger: UsageLedger,
  tenantId: string,
  idempotencyKey: string,
  fingerprint: string,
  waitMs: number,
): Promise<TranslateResult | undefined> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const record = await ledger.findByIdempotencyKey(tenantId, idempotencyKey);
    if (!record) return undefined;
    if (record.status === "SUCCEEDED" && record.response) return replayStoredResponse(prisma, record, fingerprint);
    if (record.status === "RESERVED" && record.leaseExpiresAt && record.leaseExpiresAt.getTime() < Date.now()) {
      if (await ledger.releaseExpiredHolder(tenantId, idempotencyKey)) return undefined;
      continue;
    }
    if (Date.now() >= deadline) {
      throw new ConflictError("A request with this idempotency key is still in progress; retry later.");
    }
    await sleep(POLL_MS);
  }
}
