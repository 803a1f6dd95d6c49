import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { gatewayMainScript, repoRoot } from "@parley/server/testing";

export interface PlatformProcess {
  url: string;
  pid: number;
  /** Every structured log line so far. */
  logs: Record<string, unknown>[];
  /** The training processes this platform runs now. */
  trainingPids(): number[];
  kill(signal: NodeJS.Signals): Promise<number | null>;
}

/** `pnpm start` as an operator runs it (main.ts through tsx), on an ephemeral port; fails if not listening in `timeoutMs`. */
export async function startPlatform(env: Record<string, string>, timeoutMs = 60_000): Promise<PlatformProcess> {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", gatewayMainScript], {
    cwd: repoRoot,
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logs: Record<string, unknown>[] = [];
  const errors: string[] = [];
  createInterface({ input: child.stderr! }).on("line", (line) => errors.push(line));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`platform did not start in ${timeoutMs / 1000} s: ${errors.join("\n")}`)), timeoutMs);
    createInterface({ input: child.stdout! }).on("line", (line) => {
      try {
        const entry = JSON.parse(line) as Record<string, unknown>;
        logs.push(entry);
        if (entry.msg === "gateway listening") {
          clearTimeout(timer);
          resolve(String(entry.url).replace(/\/graphql$/, ""));
        }
      } catch {
        // not a log line
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`platform exited with code ${code} before listening: ${errors.join("\n")}`));
    });
  });
  return {
    url,
    pid: child.pid!,
    logs,
    trainingPids: () => trainingProcesses(child.pid!),
    async kill(signal) {
      child.kill(signal);
      return exited;
    },
  };
}

function trainingProcesses(pid: number): number[] {
  try {
    return execFileSync("ps", ["-o", "pid=,args=", "--ppid", String(pid)], { encoding: "utf8" })
      .split("\n")
      .filter((line) => line.includes("training/child/bootstrap.mjs"))
      .map((line) => Number.parseInt(line.trim(), 10));
  } catch {
    return [];
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
