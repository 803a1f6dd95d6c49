import { GlossaryUnsupportedError } from "../text/glossary-unsupported-error.js";
import { Worker } from "node:worker_threads";
import type { DecodeOptions } from "./types.js";
import type { BackendStatus, ModelVersionRef, TranslationResult, WorkerReply, WorkerRequest } from "./messages.js";
import {
  EngineUnavailableError, restartDelayMs, type EngineHealth, type WorkerSupervisionOptions,
} from "./worker-supervision.js";

interface InFlight {
  resolve: (results: TranslationResult[]) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/** One slot of the pool: a running worker, or the wait before its restart. */
interface PooledWorker {
  worker?: Worker;
  /** The worker said "ready" (its backend is up). */
  up: boolean;
  inFlight: Map<number, InFlight>;
  liveTensors: number;
  loadedVersions: number;
  failures: number;
  lastFailure?: string;
  readyTimer?: NodeJS.Timeout;
  restartTimer?: NodeJS.Timeout;
}

const bootstrap = new URL("./worker-bootstrap.mjs", import.meta.url);

/**
 * Inference worker threads. A version is always sent to the same worker (hash affinity), so each
 * version is loaded once. A worker that crashes, does not start within `readyTimeoutMs` or leaves
 * a batch unanswered for `batchTimeoutMs` fails its requests and is restarted after a delay that
 * doubles with each failure in a row (capped); while it waits, requests for it fail at once with
 * EngineUnavailableError naming the failure, and health() reports "degraded".
 */
export class WorkerPool {
  private readonly slots: PooledWorker[] = [];
  private nextId = 1;
  private closing = false;
  private firstBackend: Promise<string>;
  private resolveBackend!: (backend: string) => void;
  private readonly firstStatus: Promise<BackendStatus>;
  private resolveStatus!: (status: BackendStatus) => void;

  constructor(
    size: number,
    private readonly maxModelBytes: number,
    private readonly supervision: WorkerSupervisionOptions,
  ) {
    this.firstBackend = new Promise((resolve) => (this.resolveBackend = resolve));
    this.firstStatus = new Promise((resolve) => (this.resolveStatus = resolve));
    for (let index = 0; index < size; index++) {
      const slot: PooledWorker = { up: false, inFlight: new Map(), liveTensors: 0, loadedVersions: 0, failures: 0 };
      this.slots.push(slot);
      this.start(slot);
    }
  }

  /** The backend the workers run on, once one is up. */
  backend(): Promise<string> {
    return this.firstBackend;
  }

  /** The backend, whether the native kernels run, and a start failure if any (first worker up). */
  backendStatus(): Promise<BackendStatus> {
    return this.firstStatus;
  }

  health(): EngineHealth {
    const down = this.slots.filter((slot) => !slot.up);
    const failing = down.filter((slot) => slot.failures > 0);
    const consecutiveFailures = Math.max(0, ...this.slots.map((slot) => slot.failures));
    if (failing.length > 0) return { status: "degraded", reason: failing[0]!.lastFailure ?? "engine worker failed", consecutiveFailures };
    return { status: down.length > 0 ? "starting" : "ready", consecutiveFailures };
  }

  translate(version: ModelVersionRef, texts: string[], options: DecodeOptions): Promise<TranslationResult[]> {
    return this.send(this.workerFor(version.id), (id) => ({ type: "translate", id, version, texts, options }));
  }

  async unload(versionId: string): Promise<void> {
    // A worker that is down has nothing loaded.
    const running = this.slots.filter((slot) => slot.worker !== undefined);
    await Promise.all(running.map((slot) => this.send(slot, (id) => ({ type: "unload", id, versionId }))));
  }

  stats(): { liveTensors: number; loadedVersions: number } {
    return this.slots.reduce(
      (sum, slot) => ({ liveTensors: sum.liveTensors + slot.liveTensors, loadedVersions: sum.loadedVersions + slot.loadedVersions }),
      { liveTensors: 0, loadedVersions: 0 },
    );
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const slot of this.slots) {
      clearTimeout(slot.readyTimer);
      clearTimeout(slot.restartTimer);
    }
    await Promise.all(this.slots.map((slot) => slot.worker?.terminate()));
  }

  private workerFor(versionId: string): PooledWorker {
    let hash = 0;
    for (const char of versionId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
    return this.slots[hash % this.slots.length]!;
  }

  private send(slot: PooledWorker, build: (id: number) => WorkerRequest): Promise<TranslationResult[]> {
    const worker = slot.worker;
    if (worker === undefined) {
      return Promise.reject(new EngineUnavailableError(`engine worker is restarting after a failure: ${slot.lastFailure ?? "unknown"}`));
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      // The clock starts when the batch is handed to the worker (which may first have to load the version).
      const timer = setTimeout(() => {
        this.fail(slot, worker, `a batch got no answer within ${this.supervision.batchTimeoutMs} ms`);
      }, this.supervision.batchTimeoutMs);
      const request: InFlight = { resolve, reject, timer };
      slot.inFlight.set(id, request);
      worker.postMessage(build(id));
    });
  }

  private start(slot: PooledWorker): void {
    slot.restartTimer = undefined;
    const worker = new Worker(bootstrap, { workerData: { maxModelBytes: this.maxModelBytes } });
    slot.worker = worker;
    slot.up = false;
    slot.readyTimer = setTimeout(() => {
      this.fail(slot, worker, `engine worker not ready within ${this.supervision.readyTimeoutMs} ms`);
    }, this.supervision.readyTimeoutMs);
    worker.on("message", (reply: WorkerReply) => {
      if (slot.worker !== worker) return;
      if (reply.type === "ready") {
        clearTimeout(slot.readyTimer);
        slot.up = true;
        slot.failures = 0;
        slot.lastFailure = undefined;
        this.resolveBackend(reply.backend);
        const { type: _type, ...status } = reply;
        this.resolveStatus(status);
        return;
      }
      slot.liveTensors = reply.liveTensors;
      slot.loadedVersions = reply.loadedVersions;
      const request = slot.inFlight.get(reply.id);
      slot.inFlight.delete(reply.id);
      clearTimeout(request?.timer);
      if (reply.type === "done") request?.resolve(reply.results);
      else request?.reject(reply.code === "GLOSSARY_UNSUPPORTED" ? new GlossaryUnsupportedError() : new Error(reply.message));
    });
    worker.on("error", (error) => this.fail(slot, worker, `engine worker failed: ${error.message}`));
    worker.on("exit", (code) => this.fail(slot, worker, `engine worker exited with code ${code}`));
  }

  /** Fails the worker's requests, stops it, and schedules its restart with backoff. */
  private fail(slot: PooledWorker, worker: Worker, reason: string): void {
    if (slot.worker !== worker) return; // already handled (an error is followed by an exit)
    clearTimeout(slot.readyTimer);
    slot.worker = undefined;
    slot.up = false;
    slot.liveTensors = 0;
    slot.loadedVersions = 0;
    slot.failures += 1;
    slot.lastFailure = reason;
    const error = new EngineUnavailableError(reason);
    for (const request of slot.inFlight.values()) {
      clearTimeout(request.timer);
      request.reject(error);
    }
    slot.inFlight.clear();
    void worker.terminate();
    if (this.closing) return;
    slot.restartTimer = setTimeout(() => this.start(slot), restartDelayMs(slot.failures, this.supervision));
    slot.restartTimer.unref();
  }
}
