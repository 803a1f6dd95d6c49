import { Worker } from "node:worker_threads";
import type { DatasetLimits } from "./dataset-limits.js";
import type { DatasetValidation } from "./validate-dataset.js";

const bootstrap = new URL("./validation-worker-bootstrap.mjs", import.meta.url);

/**
 * Validates the file at `file` on a short-lived worker thread. The worker's
 * `error` and `messageerror` keep listeners until it exits: a second error
 * after the answer (or one from a terminated worker) must not end the gateway.
 */
export function validateInWorker(file: string, limits: DatasetLimits): Promise<DatasetValidation> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(bootstrap, { workerData: { file, limits } });
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      outcome();
      void worker.terminate().catch(() => undefined);
    };
    worker.on("message", (result: DatasetValidation) => settle(() => resolve(result)));
    worker.on("error", (error: Error) => settle(() => reject(error)));
    worker.on("messageerror", (error: Error) => settle(() => reject(error)));
    worker.once("exit", (code) => {
      settle(() => reject(new Error(`dataset validation worker exited with code ${code} before answering`)));
    });
  });
}
