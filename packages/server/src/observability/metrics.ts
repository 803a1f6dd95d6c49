import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { EngineBackendStatus, TranslationEngine } from "../engine/translation-engine.js";

export type LimitRejection = "rate_limit" | "concurrency" | "quota";

/** The gateway's Prometheus metrics, on a registry of its own (one per gateway). */
export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly knownOperations = new Set<string>();
  /** The engine's backend once its workers are up (see watchEngine); shown by /readyz. */
  engineBackend: EngineBackendStatus | undefined;

  readonly requests = new Counter({
    name: "parley_graphql_requests_total",
    help: "GraphQL requests by operation name and HTTP status",
    labelNames: ["operation", "status"] as const,
    registers: [this.registry],
  });

  readonly duration = new Histogram({
    name: "parley_graphql_request_duration_seconds",
    help: "GraphQL request latency by operation name",
    labelNames: ["operation"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly rejections = new Counter({
    name: "parley_limit_rejections_total",
    help: "Requests refused by a limit: rate_limit, concurrency or quota",
    labelNames: ["limit"] as const,
    registers: [this.registry],
  });

  readonly requestBatchSize = new Histogram({
    name: "parley_translate_request_texts",
    help: "Texts per translate request",
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
    registers: [this.registry],
  });

  readonly engineBatchSize = new Histogram({
    name: "parley_engine_batch_size",
    help: "Texts per batch the engine ran",
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
    registers: [this.registry],
  });

  readonly billedCharacters = new Counter({
    name: "parley_billed_characters_total",
    help: "Characters (code points) billed for successful translations",
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** Engine gauges read on each scrape. */
  watchEngine(engine: TranslationEngine): void {
    const gauge = (name: string, help: string, read: () => number) =>
      new Gauge({ name, help, registers: [this.registry], collect() { this.set(read()); } });
    gauge("parley_engine_queue_depth", "Translation requests waiting in the engine", () => engine.stats().queueDepth);
    gauge("parley_engine_live_tensors", "Tensors alive in the engine", () => engine.stats().liveTensors);
    gauge("parley_engine_loaded_versions", "Model versions loaded in the engine", () => engine.stats().loadedVersions);
    const backend = new Gauge({
      name: "parley_engine_backend_info",
      help: "The in-process engine's backend (label backend) and whether its native OpenBLAS kernels run (label native_kernels); always 1",
      labelNames: ["backend", "native_kernels"] as const,
      registers: [this.registry],
    });
    gauge("parley_engine_native_kernels", "1 when the engine runs the native OpenBLAS kernels, else 0", () => (this.engineBackend?.nativeKernels ? 1 : 0));
    void engine.backendStatus?.().then(
      (status) => {
        this.engineBackend = status;
        backend.set({ backend: status.backend, native_kernels: String(status.nativeKernels) }, 1);
      },
      () => undefined,
    );
  }

  /**
   * Client-chosen operation names become labels, so their number is capped:
   * past 200 distinct names, new ones are counted as "other".
   */
  operationLabel(name: string | null | undefined): string {
    if (!name || !/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name)) return "anonymous";
    if (this.knownOperations.has(name)) return name;
    if (this.knownOperations.size >= 200) return "other";
    this.knownOperations.add(name);
    return name;
  }
}
