import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const engineDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Imports `specifier` in a fresh Node process; returns its export names and the tfjs modules it loaded. */
function importFresh(specifier: string): { exports: string[]; tensorflowModules: string[] } {
  const script = `
    const { createRequire } = await import("node:module");
    const module = await import(${JSON.stringify(specifier)});
    const loaded = Object.keys(createRequire(import.meta.url).cache).filter((file) => file.includes("@tensorflow"));
    console.log(JSON.stringify({ exports: Object.keys(module).sort(), tensorflowModules: loaded }));`;
  const output = execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: engineDir, encoding: "utf8" });
  return JSON.parse(output.trim().split("\n").at(-1)!) as { exports: string[]; tensorflowModules: string[] };
}

describe("@parley/engine/data", { timeout: 180_000 }, () => {
  it("gives the text, data and evaluation pieces and the presets without loading TensorFlow.js", () => {
    const light = importFresh("@parley/engine/data");
    expect(light.exports).toEqual(expect.arrayContaining([
      "parseParallelTsv", "splitBySourceHash", "hashString32", "scoreTranslations", "chooseBleuTokenizer", "modelPresets", "BpeTokenizer",
    ]));
    expect(light.tensorflowModules).toEqual([]);
  });

  it("is part of the main entry, which does load TensorFlow.js", () => {
    const light = importFresh("@parley/engine/data");
    const main = importFresh("@parley/engine");
    expect(main.exports).toEqual(expect.arrayContaining(light.exports));
    expect(main.tensorflowModules.length).toBeGreaterThan(0);
  });
});
