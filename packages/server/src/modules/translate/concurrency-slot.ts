import { ConcurrencyLimitedError } from "../../errors/gateway-errors.js";
import type { GatewayServices } from "../../graphql/context.js";

/**
 * Takes one of the tenant's concurrency slots for a translation (or a stream) and returns its release; none free:
 * CONCURRENCY_LIMITED (429), counted in the rejections metric.
 */
export async function takeConcurrencySlot(
  services: GatewayServices, tenant: { id: string; maxConcurrentRequests: number },
): Promise<() => Promise<void>> {
  try {
    return await services.concurrency.acquire(tenant.id, tenant.maxConcurrentRequests);
  } catch (error) {
    if (error instanceof ConcurrencyLimitedError) services.metrics.rejections.inc({ limit: "concurrency" });
    throw error;
  }
}
