// Runs a bench TypeScript file in a child process (own tfjs backend) and returns the one
// message it sends over IPC.
import { fork } from "node:child_process";

export function runChild<T>(file: string, env: Record<string, string>): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = fork(file, [], { execArgv: ["--import", "tsx"], env: { ...process.env, ...env }, stdio: "inherit" });
    let reply: T | undefined;
    child.once("message", (message) => { reply = message as T; });
    child.once("error", reject);
    child.once("exit", (code) => {
      if (reply !== undefined) resolve(reply);
      else reject(new Error(`${file} exited with code ${code} without a result`));
    });
  });
}
