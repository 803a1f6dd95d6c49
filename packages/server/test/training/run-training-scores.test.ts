import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runTraining } from "../../src/modules/training/child/run-training.js";

const DIGITS = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
const WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];

/** English digit words to Chinese numerals: the targets are Han characters with no spaces. */
function chinesePairs(count: number): string {
  let state = 7;
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const digits = Array.from({ length: 3 + (i % 4) }, () => (state = (state * 1103515245 + 12345) % 2 ** 31) % 10);
    lines.push(`${digits.map((d) => WORDS[d]).join(" ")} ${i}\t${digits.map((d) => DIGITS[d]).join("")}${i}。`);
  }
  return lines.join("\n") + "\n";
}

// The training child scores a finished version on the held-out test pairs. Its BLEU tokenizer must
// follow the references' script (as the engine's CLI does), not a "zh" prefix of the language tag:
// a cmn (or ja, yue) model scored with 13a gets a BLEU near 0 and loses every promotion decision.
describe("training child scores", { timeout: 300_000 }, () => {
  it("scores a cmn model's BLEU with sacreBLEU's zh tokenizer", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "parley-run-training-"));
    try {
      const datasetPath = path.join(dir, "pairs.tsv");
      await writeFile(datasetPath, chinesePairs(300));
      const sent: string[] = [];
      const done = await runTraining({
        jobId: "job", datasetPath, architecture: "transformer", preset: "tiny", targetLanguage: "cmn", seed: 1, maxMinutes: 2,
        workDir: path.join(dir, "work"), artifactDir: path.join(dir, "artifact"), maxSteps: 2, checkpointEverySteps: 100, maxTestPairs: 4,
      }, (message) => sent.push(message.type), () => {});
      expect(done.metrics).toMatchObject({ bleuTokenizer: "zh", testSentences: 4 });
      expect(sent).toContain("evaluating");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
