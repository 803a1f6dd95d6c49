import { Router } from "express";
import type { Database } from "../db/client.js";
import type { GatewayMetrics } from "../observability/metrics.js";

/**
 * /healthz: the process answers. /readyz: the database answers too, with the engine's backend and
 * whether its native kernels run (`engine`, once its workers are up). /metrics: Prometheus.
 */
export function operationalRoutes(prisma: Database, metrics: GatewayMetrics): Router {
  const router = Router();
  router.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  router.get("/readyz", async (_req, res) => {
    try {
      await prisma.$queryRaw`SELECT 1`;
      const backend = metrics.engineBackend;
      const engine = backend ? { backend: backend.backend, nativeKernels: backend.nativeKernels } : undefined;
      res.json({ status: "ready", ...(engine ? { engine } : {}) });
    } catch {
      res.status(503).json({ status: "unavailable", reason: "database unreachable" });
    }
  });
  router.get("/metrics", async (_req, res) => {
    res.setHeader("content-type", metrics.registry.contentType);
    res.send(await metrics.registry.metrics());
  });
  return router;
}
