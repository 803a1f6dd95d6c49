import { createInterface } from "node:readline";
import { Command, InvalidArgumentError } from "commander";
import { TranslationModel } from "../translator.js";

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError("must be a positive integer");
  return n;
}

const options = new Command()
  .name("parley-translate")
  .description("Translate lines from stdin with a model version directory; one translation per output line.")
  .requiredOption("--model <dir>", "model version directory")
  .option("--beam <n>", "beam size (1 = greedy)", positiveInteger, 4)
  .option("--batch <n>", "lines per translate() call", positiveInteger, 64)
  .parse()
  .opts<{ model: string; beam: number; batch: number }>();

const model = await TranslationModel.load(options.model);
const lines: string[] = [];
const flush = async () => {
  const results = await model.translate(lines.splice(0), { beamSize: options.beam });
  for (const r of results) process.stdout.write(r.text + "\n");
};
for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  lines.push(line);
  if (lines.length >= options.batch) await flush();
}
await flush();
model.dispose();
