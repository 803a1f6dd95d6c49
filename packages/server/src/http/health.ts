import { Router } from "express";
import type { Database } from "../db/client.js";
import type { TranslationEngine } from "../engine/translation-engine.js";
import type { GatewayMetrics } from "../observability/metrics.js";

/**
 * /healthz: the process answers. /readyz: the database answers too, and the engine is not degraded
 * (503 `{status: "degraded", reason}` while a failed engine worker waits for its restart). /metrics: Prometheus.
 */
export function operationalRoutes(prisma: Database, metrics: GatewayMetrics, engine?: Pick<TranslationEngine, "health">): Router {
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
    const engineHealth = engine?.health?.() ?? { status: "ready" };
    if (engineHealth.status === "degraded") {
      res.status(503).json({ status: "degraded", reason: `engine: ${engineHealth.reason ?? "a worker failed"}`, engine: engineHealth.status });
      return;
    }
    res.json({ status: "ready", engine: engineHealth.status });
  });
  router.get("/metrics", async (_req, res) => {
    res.setHeader("content-type", metrics.registry.contentType);
    res.send(await metrics.registry.metrics());
  });
  return router;
}
