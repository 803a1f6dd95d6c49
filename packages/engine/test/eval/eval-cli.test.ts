import { execFile } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { corpusBleu } from "../../src/eval/bleu.js";
import { corpusChrf } from "../../src/eval/chrf.js";

const run = promisify(execFile);
const engineDir = fileURLToPath(new URL("../../", import.meta.url));

async function evalCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", "src/cli/eval.ts", ...args], {
      cwd: engineDir,
      env: { ...process.env, INIT_CWD: engineDir },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("eval CLI", () => {
  it("scores a hypotheses file against a test TSV (--hyps mode)", async () => {
    const dir = await mkdtemp(join(tmpdir(), "parley-eval-"));
    const test = join(dir, "test.tsv");
    const hyps = join(dir, "hyps.txt");
    const references = ["Le chien a mordu l'homme.", "Ce n'était pas surprenant.", "Il pleut beaucoup aujourd'hui."];
    const hypotheses = ["Le chien a mordu l'homme.", "Ce n'était pas une surprise.", "Il pleut aujourd'hui."];
    await writeFile(test, ["The dog bit the man.", "It was not surprising.", "It rains a lot today."]
      .map((source, i) => `${source}\t${references[i]}`).join("\n") + "\n");
    await writeFile(hyps, hypotheses.join("\n") + "\n");

    const out = join(dir, "copy.txt");
    // Independent runs, started together to keep the test quick.
    const [json, limited, text] = await Promise.all([
      evalCli(["--hyps", hyps, "--test", test, "--json"]),
      evalCli(["--hyps", hyps, "--test", test, "--limit", "1"]),
      evalCli(["--hyps", hyps, "--test", test, "--tokenize", "zh", "--output", out]),
    ]);
    expect(json.code).toBe(0);
    const scores = JSON.parse(json.stdout) as { bleu: { score: number }; chrf: { score: number }; segments: number };
    expect(scores.segments).toBe(3);
    expect(scores.bleu.score).toBeCloseTo(corpusBleu(hypotheses, references).score, 10);
    expect(scores.chrf.score).toBeCloseTo(corpusChrf(hypotheses, references).score, 10);

    expect(limited.code).toBe(1);
    expect(limited.stderr).toContain("3 hypotheses for 1 test pairs");

    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^BLEU = \d+\.\d\d .*\[tokenize=zh, segments=3\]\nchrF2 = \d+\.\d\d\n$/);
    expect(await readFile(out, "utf8")).toBe(hypotheses.join("\n") + "\n");
  });

  it("requires exactly one of --model and --hyps", async () => {
    const result = await evalCli(["--test", "missing.tsv"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("exactly one of --model");
  });
});
