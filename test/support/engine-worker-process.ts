import { spawn, type ChildProcess } from "node:child_process";
import readline from "node:readline";
import { engineWorkerMainScript, repoRoot } from "@parley/server/testing";

const READY_TIMEOUT_MS = 90_000;

export interface EngineWorkerProcess {
  /** The worker id it reports in replies and gauges (`<hostname>-<pid>`). */
  id: string;
  child: ChildProcess;
  /** The log lines it wrote (pino JSON, parsed). */
  logs: Record<string, unknown>[];
  /** Sends the signal and resolves with the exit code (null when killed by the signal). */
  stop(signal: NodeJS.Signals): Promise<number | null>;
}

/** `pnpm engine-worker` as a child process; resolves once it serves. */
export async function startEngineWorker(env: Record<string, string>): Promise<EngineWorkerProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", engineWorkerMainScript], {
    cwd: repoRoot,
    env: { ...process.env, LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logs: Record<string, unknown>[] = [];
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => void (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`engine worker not ready in ${READY_TIMEOUT_MS} ms: ${stderr}`)), READY_TIMEOUT_MS);
    readline.createInterface({ input: child.stdout! }).on("line", (line) => {
      const entry = parseLine(line);
      logs.push(entry);
      if (entry.msg === "engine worker ready") {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`engine worker exited (code ${code}) before it was ready: ${stderr}`));
    });
  });
  await ready;
  return {
    id: String(logs.find((entry) => entry.msg === "engine worker ready")?.worker),
    child,
    logs,
    stop(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

function parseLine(line: string): Record<string, unknown> {
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return { msg: line };
  }
}
