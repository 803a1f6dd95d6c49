import { fork, type ChildProcess } from "node:child_process";
import { setPriority } from "node:os";
import { createInterface } from "node:readline";
import type { Logger } from "pino";
import type { ChildMessage, ParentMessage, TrainingSpec } from "./child-messages.js";

export type ProcessOutcome =
  | { kind: "done"; result: Extract<ChildMessage, { type: "done" }> }
  | { kind: "failed"; message: string };

const bootstrap = new URL("./child/bootstrap.mjs", import.meta.url);
const KILL_GRACE_MS = 3000;

/**
 * One training job in its own Node process (CPU-bound for minutes to hours, so
 * off the gateway's event loop; a process can also be killed outright on
 * cancel, which a worker thread stuck in a kernel cannot).
 */
export class TrainingProcess {
  readonly outcome: Promise<ProcessOutcome>;
  private readonly child: ChildProcess;
  private killed = false;

  /** `niceness` above 0 lowers the process's priority below the gateway's, so serving stays responsive. */
  constructor(spec: TrainingSpec, onMessage: (message: ChildMessage) => void, logger: Logger, niceness: number) {
    this.child = fork(bootstrap, [], { execArgv: [], stdio: ["ignore", "pipe", "pipe", "ipc"], serialization: "json" });
    if (this.child.pid !== undefined && niceness !== 0) {
      try {
        setPriority(this.child.pid, niceness);
      } catch {
        // Lowering priority is a courtesy; some sandboxes refuse it.
      }
    }
    const lastErrors: string[] = [];
    createInterface({ input: this.child.stdout! }).on("line", (line) => logger.debug({ jobId: spec.jobId, child: line }));
    createInterface({ input: this.child.stderr! }).on("line", (line) => {
      logger.debug({ jobId: spec.jobId, childStderr: line });
      lastErrors.push(line);
      if (lastErrors.length > 5) lastErrors.shift();
    });

    let final: ProcessOutcome | undefined;
    this.outcome = new Promise((resolve) => {
      this.child.on("message", (message: ChildMessage) => {
        if (message.type === "done") final = { kind: "done", result: message };
        else if (message.type === "failed") final = { kind: "failed", message: message.message };
        else onMessage(message);
      });
      this.child.once("exit", (code, signal) => {
        if (final && (final.kind === "failed" || code === 0)) return resolve(final);
        const how = signal ? `was killed (${signal})` : `exited with code ${code}`;
        const detail = lastErrors.length > 0 ? `: ${lastErrors.join(" | ")}` : "";
        resolve({ kind: "failed", message: `training process ${how}${this.killed ? "" : detail}` });
      });
      this.child.once("error", (error) => resolve({ kind: "failed", message: `training process failed: ${error.message}` }));
    });
    this.child.send({ type: "start", spec } satisfies ParentMessage);
  }

  /** Stops the process: SIGTERM, then SIGKILL if it has not exited shortly after. */
  kill(): void {
    if (this.killed || this.child.exitCode !== null) return;
    this.killed = true;
    this.child.kill("SIGTERM");
    const force = setTimeout(() => this.child.kill("SIGKILL"), KILL_GRACE_MS);
    force.unref();
    void this.outcome.finally(() => clearTimeout(force));
  }
}
