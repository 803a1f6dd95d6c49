import { Router } from "express";
import type { Database } from "../db/client.js";
import type { TranslationEngine } from "../engine/translation-engine.js";
import type { GatewayMetrics } from "../observability/metrics.js";

/** A dependency /readyz reports, e.g. `redis`; `check` resolves false (or fails) when it is unreachable. */
export interface ReadinessCheck {
  name: string;
  check: () => Promise<boolean>;
}

/**
 * /healthz: the process answers. /readyz: the database answers too, and every other dependency in `checks`
 * (Redis when REDIS_URL is set): 503 naming the first one down; 503 `{status: "degraded", reason}` while a failed
 * engine worker waits for its restart. When ready, `engine` gives its status ("ready" or "starting"), backend and
 * whether its native kernels run (once its workers are up). /metrics: Prometheus.
 */
export function operationalRoutes(
  prisma: Database, metrics: GatewayMetrics, checks: ReadinessCheck[] = [], engine?: Pick<TranslationEngine, "health">,
): Router {
  const router = Router();
  router.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  router.get("/readyz", async (_req, res) => {
    try {
      await prisma.$queryRaw`SELECT 1`;
    } catch {
      res.status(503).json({ status: "unavailable", reason: "database unreachable" });
      return;
    }
    for (const { name, check } of checks) {
      if (!(await check().catch(() => false))) {
        res.status(503).json({ status: "unavailable", reason: `${name} unreachable` });
        return;
      }
    }
    const engineHealth = engine?.health?.() ?? { status: "ready" };
    if (engineHealth.status === "degraded") {
      res.status(503).json({ status: "degraded", reason: `engine: ${engineHealth.reason ?? "a worker failed"}`, engine: { status: "degraded" } });
      return;
    }
    const backend = metrics.engineBackend;
    res.json({
      status: "ready",
      engine: { status: engineHealth.status, ...(backend ? { backend: backend.backend, nativeKernels: backend.nativeKernels } : {}) },
    });
  });
  router.get("/metrics", async (_req, res) => {
    res.setHeader("content-type", metrics.registry.contentType);
    res.send(await metrics.registry.metrics());
  });
  return router;
}
