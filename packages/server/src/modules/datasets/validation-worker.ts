import { readFile } from "node:fs/promises";
import { parentPort, workerData } from "node:worker_threads";
import type { DatasetLimits } from "./dataset-limits.js";
import { validateDataset } from "./validate-dataset.js";

// Validating a large upload takes seconds of CPU: done here, off the gateway's event loop.
const { file, limits } = workerData as { file: string; limits: DatasetLimits };
parentPort!.postMessage(validateDataset(await readFile(file), limits));
