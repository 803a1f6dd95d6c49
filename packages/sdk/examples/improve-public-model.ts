/**
 * Trains a better version of a public model on its bootstrap dataset (uploaded first from
 * ../shared/corpora/tatoeba/<model>/train.tsv when the platform has none), then promotes it to
 * `stable` if it scores higher. Needs an ADMIN key:
 *   PARLEY_API_KEY=pk_... pnpm improve-model [model=eng-fra] [minutes=60] [preset=small]
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { Parley } from "../src/index.js";

const [model = "eng-fra", minutes = "60", preset = "small"] = process.argv.slice(2);
const client = new Parley();

const datasets = await client.datasets.list().toArray();
const dataset = datasets.find((each) => each.name === `bootstrap-${model}`) ?? (await uploadTatoeba(model));

const job = await client.trainingJobs.create({ model, dataset: dataset.id, preset, maxMinutes: Number(minutes) });
console.log(`training job ${job.id}: ${preset} preset, up to ${minutes} minutes on ${dataset.pairCount} pairs`);

const finished = await client.trainingJobs.waitForCompletion(job.id, {
  pollIntervalMs: 10_000,
  onProgress: (each) => {
    const loss = each.lossCurve.at(-1)?.loss.toFixed(3) ?? "-";
    const eta = each.etaSeconds === null || each.etaSeconds === undefined ? "-" : `${Math.round(each.etaSeconds / 60)} min`;
    console.log(`  ${(each.progress * 100).toFixed(0)}% step ${each.step}/${each.totalSteps} loss ${loss} eta ${eta}`);
  },
});
const version = finished.resultVersion;
if (finished.status !== "SUCCEEDED" || !version) {
  console.error(`training ended ${finished.status}: ${finished.error ?? "no version registered"}`);
  process.exit(1);
}

const current = await client.models.retrieve(model);
const stable = current.versions.find((each) => each.labels.includes("stable"));
const better = (version.metrics.bleu ?? 0) > (stable?.metrics.bleu ?? -1);
console.log(`version ${version.version}: BLEU ${version.metrics.bleu?.toFixed(1)} vs stable ${stable?.metrics.bleu?.toFixed(1) ?? "-"}`);
if (better) {
  await client.models.versions.promote({ model, version: version.version, label: "stable" });
  console.log(`promoted version ${version.version} to stable`);
} else {
  console.log(`kept stable; promote by hand with client.models.versions.promote if you prefer it`);
}

/** The public model's Tatoeba corpus, uploaded as its bootstrap dataset (shipped models are not trained at start). */
async function uploadTatoeba(name: string) {
  const corpus = fileURLToPath(new URL(`../../../../shared/corpora/tatoeba/${name}/train.tsv`, import.meta.url));
  const file = await readFile(corpus, "utf8").catch(() => {
    throw new Error(`no dataset "bootstrap-${name}" and no ${corpus}: upload one with that name (POST /v1/datasets)`);
  });
  const target = await client.models.retrieve(name);
  return client.datasets.upload({ file, name: `bootstrap-${name}`, sourceLanguage: target.sourceLanguage, targetLanguage: target.targetLanguage });
}
