import { Worker } from "node:worker_threads";
import type { DecodeOptions } from "./types.js";
import type { BackendStatus, ModelVersionRef, TranslationResult, WorkerReply, WorkerRequest } from "./messages.js";

interface InFlight {
  resolve: (results: TranslationResult[]) => void;
  reject: (error: Error) => void;
}

interface PooledWorker {
  worker: Worker;
  ready: Promise<BackendStatus>;
  inFlight: Map<number, InFlight>;
  liveTensors: number;
  loadedVersions: number;
}

const bootstrap = new URL("./worker-bootstrap.mjs", import.meta.url);

/**
 * Inference worker threads. A version is always sent to the same worker
 * (hash affinity), so each version is loaded once; a crashed worker fails its
 * requests and is replaced.
 */
export class WorkerPool {
  private readonly workers: PooledWorker[] = [];
  private nextId = 1;
  private closing = false;

  constructor(
    size: number,
    private readonly maxModelBytes: number,
  ) {
    for (let index = 0; index < size; index++) this.workers.push(this.spawn());
  }

  /** The backend the workers run on, once they are up. */
  async backend(): Promise<string> {
    return (await this.workers[0]!.ready).backend;
  }

  /** The backend, whether the native kernels run, and a start failure if any (first worker). */
  backendStatus(): Promise<BackendStatus> {
    return this.workers[0]!.ready;
  }

  translate(version: ModelVersionRef, texts: string[], options: DecodeOptions): Promise<TranslationResult[]> {
    return this.send(this.workerFor(version.id), (id) => ({ type: "translate", id, version, texts, options }));
  }

  async unload(versionId: string): Promise<void> {
    await Promise.all(this.workers.map((pooled) => this.send(pooled, (id) => ({ type: "unload", id, versionId }))));
  }

  stats(): { liveTensors: number; loadedVersions: number } {
    return this.workers.reduce(
      (sum, pooled) => ({
        liveTensors: sum.liveTensors + pooled.liveTensors,
        loadedVersions: sum.loadedVersions + pooled.loadedVersions,
      }),
      { liveTensors: 0, loadedVersions: 0 },
    );
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((pooled) => pooled.worker.terminate()));
  }

  private workerFor(versionId: string): PooledWorker {
    let hash = 0;
    for (const char of versionId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
    return this.workers[hash % this.workers.length]!;
  }

  private send(pooled: PooledWorker, build: (id: number) => WorkerRequest): Promise<TranslationResult[]> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      pooled.inFlight.set(id, { resolve, reject });
      pooled.worker.postMessage(build(id));
    });
  }

  private spawn(): PooledWorker {
    const worker = new Worker(bootstrap, { workerData: { maxModelBytes: this.maxModelBytes } });
    let markReady!: (status: BackendStatus) => void;
    const pooled: PooledWorker = {
      worker,
      ready: new Promise((resolve) => (markReady = resolve)),
      inFlight: new Map(),
      liveTensors: 0,
      loadedVersions: 0,
    };
    worker.on("message", (reply: WorkerReply) => {
      if (reply.type === "ready") {
        const { type: _type, ...status } = reply;
        return markReady(status);
      }
      pooled.liveTensors = reply.liveTensors;
      pooled.loadedVersions = reply.loadedVersions;
      const request = pooled.inFlight.get(reply.id);
      pooled.inFlight.delete(reply.id);
      if (reply.type === "done") request?.resolve(reply.results);
      else request?.reject(new Error(reply.message));
    });
    worker.on("error", (error) => this.replace(pooled, error));
    worker.on("exit", (code) => this.replace(pooled, new Error(`engine worker exited with code ${code}`)));
    return pooled;
  }

  private replace(pooled: PooledWorker, error: Error): void {
    for (const request of pooled.inFlight.values()) request.reject(error);
    pooled.inFlight.clear();
    const index = this.workers.indexOf(pooled);
    if (index >= 0 && !this.closing) this.workers[index] = this.spawn();
  }
}
