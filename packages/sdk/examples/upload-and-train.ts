/**
 * Uploads a slice of a parallel corpus, trains a private model on it, waits, and tries it.
 *   PARLEY_API_KEY=pk_... pnpm exec tsx packages/sdk/examples/upload-and-train.ts [pairs.tsv] [pairs to use]
 * Defaults to the first 2000 pairs of ../shared/corpora/tatoeba/eng-fra/train.tsv (beside the repository).
 * PARLEY_PRESET and PARLEY_MAX_MINUTES tune the run (defaults small, 5).
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Parley } from "../src/index.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const corpus = process.argv[2] ?? path.resolve(repoRoot, "../shared/corpora/tatoeba/eng-fra/train.tsv");
const pairs = Number(process.argv[3] ?? 2000);

const text = await readFile(corpus, "utf8").catch(() => {
  throw new Error(`No corpus at ${corpus}: pass a TSV of source<TAB>target pairs.`);
});
const tsv = `${text.split("\n").filter(Boolean).slice(0, pairs).join("\n")}\n`;

const client = new Parley();
const name = `example-eng-fra-${Date.now().toString(36)}`;
await client.models.create({ name, sourceLanguage: "en", targetLanguage: "fr", description: "Trained by examples/upload-and-train.ts" });
const dataset = await client.datasets.upload({ file: tsv, name, sourceLanguage: "en", targetLanguage: "fr" });
console.log(`dataset ${dataset.id}: ${dataset.pairCount} pairs (${dataset.trainCount} train / ${dataset.devCount} dev / ${dataset.testCount} test)`);

const job = await client.trainingJobs.create({
  model: name,
  dataset: dataset.id,
  preset: process.env.PARLEY_PRESET ?? "small",
  maxMinutes: Number(process.env.PARLEY_MAX_MINUTES ?? 5),
});
console.log(`training job ${job.id} queued`);

const finished = await client.trainingJobs.waitForCompletion(job.id, {
  pollIntervalMs: 3_000,
  onProgress: (each) => {
    const loss = each.lossCurve.at(-1)?.loss.toFixed(3) ?? "-";
    console.log(`  ${each.status.toLowerCase()} ${(each.progress * 100).toFixed(0)}% step ${each.step}/${each.totalSteps} loss ${loss}`);
  },
});
if (finished.status !== "SUCCEEDED" || !finished.resultVersion) {
  console.error(`training ended ${finished.status}: ${finished.error ?? "no version registered"}`);
  process.exit(1);
}
console.log(`version ${finished.resultVersion.version}: BLEU ${finished.resultVersion.metrics.bleu ?? "-"}`);

await client.models.versions.promote({ model: name, version: finished.resultVersion.version, label: "stable" });
const result = await client.translations.create({ model: name, text: "How are you?" });
console.log(`"How are you?" → ${result.translations[0]?.text}`);
