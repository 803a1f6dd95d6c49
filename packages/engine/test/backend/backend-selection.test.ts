import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { backendOrder, checkBackendName } from "../../src/backend/backend-names.js";

describe("backend selection", () => {
  it("tries the GPU build first, then tfjs-node, wasm and cpu; PARLEY_BACKEND moves one to the front", () => {
    expect(backendOrder()).toEqual(["tensorflow-gpu", "tensorflow", "wasm", "cpu"]);
    expect(backendOrder("wasm")).toEqual(["wasm", "tensorflow-gpu", "tensorflow", "cpu"]);
    expect(checkBackendName("")).toBeUndefined();
    expect(() => checkBackendName("cuda")).toThrow('unknown backend "cuda"; expected one of tensorflow-gpu, tensorflow, wasm, cpu');
  });

  it("falls through to wasm where @tensorflow/tfjs-node-gpu is not installed (as on this machine), saying so in the log", () => {
    const resolvable = (name: string) => { try { createRequire(import.meta.url).resolve(name); return true; } catch { return false; } };
    expect(resolvable("@tensorflow/tfjs-node-gpu")).toBe(false);
    const script = `import { initBackend } from "./src/backend/init-backend.ts"; const info = await initBackend("tensorflow-gpu"); console.log("BACKEND=" + info.name);`;
    const run = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      cwd: new URL("../..", import.meta.url).pathname, encoding: "utf8", env: { ...process.env, PARLEY_LOG_LEVEL: "debug", PARLEY_BACKEND: "" },
    });
    expect(run.stdout).toContain("BACKEND=wasm");
    expect(run.stdout + run.stderr).toMatch(/"backend":"tensorflow-gpu".*"msg":"backend unavailable"/);
  }, 60_000);
});
