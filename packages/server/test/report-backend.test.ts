import { Writable } from "node:stream";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { reportEngineBackend } from "../src/engine/report-backend.js";
import type { EngineBackendStatus, TranslationEngine } from "../src/engine/translation-engine.js";

async function report(status: EngineBackendStatus): Promise<Array<{ level: number; msg: string }>> {
  const lines: Array<{ level: number; msg: string }> = [];
  const sink = new Writable({ write(chunk, _encoding, done) { lines.push(JSON.parse(String(chunk))); done(); } });
  const engine = { backendStatus: async () => status } as unknown as TranslationEngine;
  await reportEngineBackend(engine, pino({ level: "info" }, sink));
  return lines;
}

describe("the start-up line about the engine's backend", () => {
  it("is one warning with the fix when the native kernels are missing", async () => {
    const lines = await report({ backend: "wasm", nativeKernels: false, nativeDetail: "native addon unavailable (cannot open shared object)" });
    expect(lines).toHaveLength(1);
    expect(lines[0]!.level).toBe(40);
    expect(lines[0]!.msg).toMatch(/native kernels missing.*fix: apt-get install -y libopenblas-dev && pnpm --filter @parley\/engine build:native/);
  });

  it("is information when they run, and an error when the backend could not start", async () => {
    expect((await report({ backend: "wasm", nativeKernels: true, nativeDetail: "OpenBLAS 0.3.21 Haswell" }))[0]!.level).toBe(30);
    const failed = await report({ backend: "none", nativeKernels: false, error: "PARLEY_REQUIRE_NATIVE=1 but the native addon unavailable" });
    expect(failed[0]).toMatchObject({ level: 50, msg: expect.stringContaining("PARLEY_REQUIRE_NATIVE=1") });
  });
});
