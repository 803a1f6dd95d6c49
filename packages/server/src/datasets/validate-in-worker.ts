import { Worker } from "node:worker_threads";
import type { DatasetLimits } from "./dataset-limits.js";
import type { DatasetValidation } from "./validate-dataset.js";

const bootstrap = new URL("./validation-worker-bootstrap.mjs", import.meta.url);

/** Validates the file at `file` on a short-lived worker thread. */
export function validateInWorker(file: string, limits: DatasetLimits): Promise<DatasetValidation> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(bootstrap, { workerData: { file, limits } });
    let answered = false;
    worker.once("message", (result: DatasetValidation) => {
      answered = true;
      resolve(result);
      void worker.terminate();
    });
    worker.once("error", reject);
    worker.once("exit", (code) => {
      if (!answered) reject(new Error(`dataset validation worker exited with code ${code} before answering`));
    });
  });
}
