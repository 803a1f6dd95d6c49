import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syntheticParallelCorpus } from "../../src/data/synthetic-corpus.js";
import { trainModel } from "../../src/training/train-model.js";

const run = promisify(execFile);
const engineDir = fileURLToPath(new URL("../../", import.meta.url));

async function trainCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", "src/cli/train.ts", ...args], { cwd: engineDir });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("train CLI --init-from", () => {
  let dir: string;
  const corpus = syntheticParallelCorpus({ pairs: 330, seed: 5 });
  const tsv = (pairs: typeof corpus) => pairs.map((p) => `${p.source}\t${p.target}`).join("\n") + "\n";

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "parley-train-cli-"));
    await writeFile(path.join(dir, "train.tsv"), tsv(corpus.slice(0, 300)));
    await writeFile(path.join(dir, "dev.tsv"), tsv(corpus.slice(300)));
    await trainModel({
      train: corpus.slice(0, 300), dev: corpus.slice(300), arch: "transformer", preset: "tiny", vocabSize: 300,
      outDir: path.join(dir, "parent"), maxSteps: 3, maxTokensPerBatch: 400,
    });
  }, 60_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("continues a model version with its tokenizer and preset, and refuses another architecture", async () => {
    const common = ["--corpus", path.join(dir, "train.tsv"), "--dev", path.join(dir, "dev.tsv"), "--init-from", path.join(dir, "parent"), "--max-steps", "2"];
    const [continued, lstm] = await Promise.all([
      trainCli([...common, "--out", path.join(dir, "child"), "--batch-tokens", "400"]),
      trainCli([...common, "--out", path.join(dir, "lstm"), "--arch", "lstm"]),
    ]);
    expect(continued.code, continued.stderr).toBe(0);
    expect(JSON.parse(continued.stdout)).toMatchObject({ preset: "tiny", steps: 2, initFrom: path.join(dir, "parent"), parentChecksum: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(await readFile(path.join(dir, "child", "tokenizer.json"), "utf8")).toBe(await readFile(path.join(dir, "parent", "tokenizer.json"), "utf8"));
    expect(lstm.code).toBe(1);
    expect(lstm.stderr).toMatch(/cannot continue .* as a lstm: it is a transformer model/);
  }, 90_000);

  it("evaluates on dev every --eval-every steps and warms up to --learning-rate", async () => {
    const out = path.join(dir, "scheduled");
    const result = await trainCli(["--corpus", path.join(dir, "train.tsv"), "--dev", path.join(dir, "dev.tsv"), "--out", out,
      "--preset", "tiny", "--vocab-size", "300", "--batch-tokens", "400", "--max-steps", "4", "--eval-every", "2", "--learning-rate", "0.002"]);
    expect(result.code, result.stderr).toBe(0);
    const log = JSON.parse(await readFile(path.join(out, "train-log.json"), "utf8")) as Array<{ step: number; devLoss?: number; learningRate: number }>;
    expect(log.map((p) => [p.step, p.devLoss !== undefined])).toEqual([[1, false], [2, true], [3, false], [4, true]]);
    // A 4-step run warms up over 10 steps: step s runs at peak * s / 10.
    log.forEach((p) => expect(p.learningRate).toBeCloseTo((0.002 * p.step) / 10, 10));
  }, 90_000);
});
