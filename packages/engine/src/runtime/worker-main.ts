import { parentPort, workerData } from "node:worker_threads";
import * as tf from "@tensorflow/tfjs-core";
import { initBackend } from "../backend/init-backend.js";
import { TranslationModel } from "../translator.js";
import type { BackendStatus, WorkerReply, WorkerRequest } from "./messages.js";
import { ModelCache } from "./model-cache.js";

// One inference thread: loads versions on demand and runs one batch at a time,
// so tfjs scopes never interleave and the gateway's event loop stays free.
const port = parentPort!;
const { maxModelBytes } = workerData as { maxModelBytes: number };
// A backend that cannot start (PARLEY_REQUIRE_NATIVE=1 without the addon) is reported, not thrown:
// a thrown error would end the worker and the pool would start it again, forever.
const status: BackendStatus = await initBackend().then(
  (info) => ({ backend: info.name, nativeKernels: info.nativeKernels, ...(info.nativeDetail ? { nativeDetail: info.nativeDetail } : {}) }),
  (error: Error) => ({ backend: "none", nativeKernels: false, error: error.message }),
);
const models = new ModelCache<TranslationModel>(maxModelBytes, (dir) => TranslationModel.load(dir));
let queue: Promise<void> = Promise.resolve();

function reply(message: WorkerReply): void {
  port.postMessage(message);
}

async function handle(request: WorkerRequest): Promise<void> {
  const gauges = () => ({ liveTensors: tf.memory().numTensors, loadedVersions: models.size });
  try {
    if (status.error) throw new Error(status.error);
    if (request.type === "unload") {
      models.evict(request.versionId);
      reply({ type: "done", id: request.id, results: [], ...gauges() });
      return;
    }
    const model = await models.get(request.version.id, request.version.artifactPath);
    const results = await model.translate(request.texts, request.options);
    reply({ type: "done", id: request.id, results, ...gauges() });
  } catch (error) {
    const { message, code } = error as Error & { code?: unknown };
    reply({ type: "failed", id: request.id, message, ...(typeof code === "string" ? { code } : {}), ...gauges() });
  }
}

port.on("message", (request: WorkerRequest) => {
  queue = queue.then(() => handle(request));
});
reply({ type: "ready", ...status });
