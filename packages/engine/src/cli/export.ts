/**
 * Exports a model version for another runtime:
 *   pnpm --filter @parley/engine export --format ctranslate2 --model <dir> --out <dir>
 * (see src/export/export-ctranslate2.ts for the layout and how to feed it tokens).
 */
import { resolve } from "node:path";
import { Command, Option } from "commander";
import { exportCTranslate2 } from "../export/export-ctranslate2.js";

const userPath = (p: string): string => resolve(process.env.INIT_CWD ?? process.cwd(), p);

const options = new Command("export")
  .description("write a model version in another runtime's format")
  .addOption(new Option("--format <format>", "target format").choices(["ctranslate2"]).makeOptionMandatory())
  .requiredOption("--model <dir>", "model version directory (Transformer; float32 or int8)")
  .requiredOption("--out <dir>", "directory to write")
  .parse()
  .opts<{ format: "ctranslate2"; model: string; out: string }>();

try {
  await exportCTranslate2(userPath(options.model), userPath(options.out));
  console.log(`wrote ${options.out} (CTranslate2: model.bin, config.json, shared_vocabulary.json, tokenizer.json)`);
} catch (error) {
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
