import type { ChildMessage, ParentMessage } from "../child-messages.js";
import { runTraining } from "./run-training.js";

// Entry of a training process. Talks to the runner over IPC only; the runner
// owns the database. Exits when the runner goes away (killed platform): the
// job is then resumed from its checkpoint by the next runner, not run twice.
const ORPHANED = 70;
const parentPid = process.ppid;
const onDisconnect = () => process.exit(ORPHANED);

/** Called on every progress report: training can keep the event loop busy, so also check synchronously. */
function exitIfOrphaned(): void {
  if (process.ppid !== parentPid) process.exit(ORPHANED);
}

function send(message: ChildMessage): void {
  process.send?.(message);
}

/** Sends the last message, then exits once it is written. */
function finish(message: ChildMessage, exitCode: number): void {
  process.off("disconnect", onDisconnect);
  process.send?.(message, undefined, {}, () => process.exit(exitCode));
}

process.once("disconnect", onDisconnect);
process.once("message", (message: ParentMessage) => {
  if (message.type !== "start") return;
  runTraining(message.spec, send, exitIfOrphaned).then(
    (done) => finish(done, 0),
    (error: unknown) => finish({ type: "failed", message: (error as Error)?.message ?? String(error) }, 1),
  );
});
