import { Router } from "express";
import type { Database } from "../db/client.js";
import type { GatewayMetrics } from "../observability/metrics.js";

/** A dependency /readyz reports, e.g. `redis`; `check` resolves false (or fails) when it is unreachable. */
export interface ReadinessCheck {
  name: string;
  check: () => Promise<boolean>;
}

/**
 * /healthz: the process answers. /readyz: the database answers too, and every other dependency in `checks`
 * (Redis when REDIS_URL is set): 503 naming the first one down; when ready, the engine's backend and whether its
 * native kernels run (`engine`, once its workers are up). /metrics: Prometheus.
 */
export function operationalRoutes(prisma: Database, metrics: GatewayMetrics, checks: ReadinessCheck[] = []): Router {
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
    const backend = metrics.engineBackend;
    const engine = backend ? { backend: backend.backend, nativeKernels: backend.nativeKernels } : undefined;
    res.json({ status: "ready", ...(engine ? { engine } : {}) });
  });
  router.get("/metrics", async (_req, res) => {
    res.setHeader("content-type", metrics.registry.contentType);
    res.send(await metrics.registry.metrics());
  });
  return router;
}
