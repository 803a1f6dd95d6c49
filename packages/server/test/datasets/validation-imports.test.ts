import { execFileSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

// The gateway validates every upload on a fresh worker thread, which loads validate-dataset.ts and
// what it imports: TensorFlow.js there cost ~1.6 s of CPU and ~100 MB per upload (issue 12, item 14).
describe("dataset validation", { timeout: 180_000 }, () => {
  it("validates a TSV without loading TensorFlow.js", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "parley-validate-imports-"));
    try {
      const file = path.join(dir, "pairs.tsv");
      await writeFile(file, Array.from({ length: 50 }, (_, i) => `sentence ${i}\tphrase ${i}\n`).join(""));
      const script = `
        const { createRequire } = await import("node:module");
        const { readFile } = await import("node:fs/promises");
        const { validateDataset } = await import("./src/modules/datasets/validate-dataset.ts");
        const result = validateDataset(await readFile(${JSON.stringify(file)}), { maxBytes: 1e6, maxPairs: 1000 });
        const loaded = Object.keys(createRequire(import.meta.url).cache).filter((f) => f.includes("@tensorflow"));
        console.log(JSON.stringify({ ok: result.ok, pairs: result.ok ? result.pairCount : 0, tensorflowModules: loaded }));`;
      const output = execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: serverDir, encoding: "utf8" });
      expect(JSON.parse(output.trim().split("\n").at(-1)!)).toEqual({ ok: true, pairs: 50, tensorflowModules: [] });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
