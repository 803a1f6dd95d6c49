import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { nativeKernelStatus } from "../../src/backend/native-kernels.js";

const addonPath = fileURLToPath(new URL("../../native/build/Release/parley_native.node", import.meta.url));

// Workers terminated at staggered moments around their loading of the addon (a cancelled training
// job or a stopping runtime does this); before the fix the process aborted within ~15 of them. Run in a
// child process: the failure mode is an abort.
const script = `
const { Worker } = require("node:worker_threads");
(async () => {
  for (let i = 0; i < 120; i++) {
    const worker = new Worker("require(" + JSON.stringify(process.argv[1]) + ")", { eval: true });
    await new Promise((resolve) => worker.once("online", resolve));
    const until = performance.now() + (i % 40) * 0.05;
    while (performance.now() < until);
    await worker.terminate();
  }
  console.log("done");
})();
`;

describe("native addon in worker threads", () => {
  it.runIf(nativeKernelStatus().loaded)("survives workers terminated while they load it", () => {
    const child = spawnSync(process.execPath, ["-e", script, addonPath], { encoding: "utf8", timeout: 60_000 });
    expect(child.stderr).not.toMatch(/FATAL ERROR/);
    expect(child.status).toBe(0);
    expect(child.stdout.trim()).toBe("done");
  }, 70_000);
});
