/**
 * Scores translations of a test set with BLEU and chrF (sacreBLEU-compatible).
 *   pnpm --filter @parley/engine eval --model <dir> --test <tsv> [--tokenize zh] [--beam 4] [--limit N]
 *   pnpm --filter @parley/engine eval --hyps <file> --test <tsv>
 * The test TSV is `source<TAB>reference`; --reverse evaluates the other direction.
 */
import { realpathSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { SingleBar, Presets } from "cli-progress";
import { Command, InvalidArgumentError, Option } from "commander";
import { formatTsvIssue, readParallelTsv } from "../data/tsv-corpus.js";
import { loadTranslationModel, type EvalTranslator } from "../eval/model-loader.js";
import { formatScores, scoreTranslations } from "../eval/scores.js";
import type { BleuTokenizerName } from "../eval/sacrebleu-tokenizers.js";
import { noRepetitionGuard } from "../decoding/repetition-guard.js";

interface EvalOptions {
  test: string;
  model?: string;
  hyps?: string;
  reverse: boolean;
  tokenize: BleuTokenizerName;
  beam: number;
  batchSize: number;
  limit?: number;
  output?: string;
  json: boolean;
  repetitionGuard: boolean;
}

/** pnpm runs package scripts inside the package; resolve user paths against where the command was typed. */
const userPath = (path: string): string => resolve(process.env.INIT_CWD ?? process.cwd(), path);

function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError("expected a positive integer");
  return parsed;
}

export function buildEvalCommand(): Command {
  return new Command("eval")
    .description("score a model (or a file of hypotheses) on a parallel test set with BLEU and chrF")
    .requiredOption("--test <tsv>", "test set, source<TAB>reference per line")
    .option("--model <dir>", "trained model directory to translate the test sources with")
    .option("--hyps <file>", "hypotheses file, one per line, instead of --model")
    .option("--reverse", "translate column 2 into column 1", false)
    .addOption(new Option("--tokenize <name>", "BLEU tokenizer").choices(["13a", "zh", "none"]).default("13a"))
    .option("--beam <n>", "beam size", positiveInteger, 4)
    .option("--batch-size <n>", "sentences per translate call", positiveInteger, 32)
    .option("--limit <n>", "only the first N test pairs", positiveInteger)
    .option("--output <file>", "write the hypotheses to this file")
    .option("--json", "print the scores as JSON", false)
    .option("--no-repetition-guard", "decode without the repetition guard (to measure its cost)")
    .action(async (options: EvalOptions) => {
      try {
        process.exitCode = await runEval(options);
      } catch (error) {
        console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
        process.exitCode = 1;
      }
    });
}

async function runEval(options: EvalOptions): Promise<number> {
  if ((options.model === undefined) === (options.hyps === undefined)) {
    console.error("error: give exactly one of --model <dir> or --hyps <file>");
    return 2;
  }
  const parsed = await readParallelTsv(userPath(options.test), { mode: "lenient", keepDuplicates: true });
  for (const issue of parsed.issues) console.error(`${options.test}: ${formatTsvIssue(issue)}`);
  if (!parsed.ok) return 1;
  const pairs = parsed.pairs.slice(0, options.limit ?? parsed.pairs.length);
  const sources = pairs.map((pair) => (options.reverse ? pair.target : pair.source));
  const references = pairs.map((pair) => (options.reverse ? pair.source : pair.target));

  const hypotheses =
    options.hyps !== undefined
      ? await readHypotheses(userPath(options.hyps))
      : await translateAll(await loadTranslationModel(userPath(options.model!)), sources, options);
  if (hypotheses.length !== references.length) {
    console.error(`error: ${hypotheses.length} hypotheses for ${references.length} test pairs`);
    return 1;
  }
  if (options.output !== undefined) await writeFile(userPath(options.output), hypotheses.join("\n") + "\n");

  const scores = scoreTranslations(hypotheses, references, { tokenize: options.tokenize });
  console.log(options.json ? JSON.stringify(scores) : formatScores(scores));
  return 0;
}

async function readHypotheses(path: string): Promise<string[]> {
  const lines = (await readFile(path, "utf8")).split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines.map((line) => (line.endsWith("\r") ? line.slice(0, -1) : line));
}

async function translateAll(model: EvalTranslator, sources: string[], options: EvalOptions): Promise<string[]> {
  const progress = new SingleBar({ format: "translating {bar} {value}/{total} sentences | ETA {eta}s" }, Presets.shades_classic);
  progress.start(sources.length, 0);
  const hypotheses: string[] = [];
  try {
    for (let start = 0; start < sources.length; start += options.batchSize) {
      const batch = sources.slice(start, start + options.batchSize);
      const results = await model.translate(batch, { beamSize: options.beam, ...(options.repetitionGuard ? {} : { repetitionGuard: noRepetitionGuard }) });
      hypotheses.push(...results.map((result) => result.text));
      progress.update(hypotheses.length);
    }
  } finally {
    progress.stop();
  }
  return hypotheses;
}

const invokedDirectly =
  process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
if (invokedDirectly) await buildEvalCommand().parseAsync(process.argv.slice(2), { from: "user" });
