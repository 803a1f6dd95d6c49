/**
 * Stores a model version's weights as per-channel int8 (about 4x smaller):
 *   pnpm --filter @parley/engine quantize --model <dir> --out <dir>
 * Score both with `eval` to see what it costs in BLEU.
 */
import { resolve } from "node:path";
import { Command } from "commander";
import { quantizeArtifact } from "../artifacts/quantize-artifact.js";

const userPath = (p: string): string => resolve(process.env.INIT_CWD ?? process.cwd(), p);

const options = new Command("quantize")
  .description("write an int8 copy of a model version directory")
  .requiredOption("--model <dir>", "model version directory (float32)")
  .requiredOption("--out <dir>", "directory to write")
  .parse()
  .opts<{ model: string; out: string }>();

try {
  await quantizeArtifact(userPath(options.model), userPath(options.out));
  console.log(`wrote ${options.out}`);
} catch (error) {
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
