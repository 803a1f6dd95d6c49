/**
 * Turns a finished training run into a shipped model version: an int8 copy of the run in packages/models/<name>/,
 * scored with beam 4 on the pair's whole test set (float32 and int8, so the card states what int8 costs), the
 * greedy score of the first 200 test sentences (what test/models checks the shipped weights against), metrics.json
 * updated with those figures, checksums rewritten, MODEL_CARD.md written and catalog.json updated.
 *
 *   npx tsx packages/models/scripts/release-model.ts --run /work/runs/eng-fra --name eng-fra \
 *     --source en --target fr --corpus ../shared/corpora/tatoeba/eng-fra [--reverse] --release 2026.11.0
 */
import { readFile, readdir, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Command } from "commander";
import {
  TranslationModel, chooseBleuTokenizer, noRepetitionGuard, quantizeArtifact, readChecksumListing, readParallelTsv,
  scoreGlossaryTerms, scoreTranslations, writeChecksums, type RepetitionGuard,
} from "@parley/engine";

const MODELS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const FIRST_SENTENCES = 200;

const options = new Command("release-model")
  .requiredOption("--run <dir>", "finished training run (model version directory, float32)")
  .requiredOption("--name <name>", "public model name, e.g. eng-fra")
  .requiredOption("--source <code>", "ISO 639-1 source language")
  .requiredOption("--target <code>", "ISO 639-1 target language")
  .requiredOption("--corpus <dir>", "corpus directory with train.tsv, dev.tsv, test.tsv (English in column 1)")
  .requiredOption("--release <version>", "release of the shipped model, e.g. 2026.11.0")
  .option("--reverse", "the model translates column 2 into column 1", false)
  .option("--guard-cost", "also score int8 without the repetition guard", false)
  .parse()
  .opts<{ run: string; name: string; source: string; target: string; corpus: string; release: string; reverse: boolean; guardCost: boolean }>();

const out = path.join(MODELS_DIR, options.name);
await rm(out, { recursive: true, force: true });
await quantizeArtifact(options.run, out);

const parsed = await readParallelTsv(path.join(options.corpus, "test.tsv"), { mode: "lenient", keepDuplicates: true });
const sources = parsed.pairs.map((p) => (options.reverse ? p.target : p.source));
const references = parsed.pairs.map((p) => (options.reverse ? p.source : p.target));
const tokenize = chooseBleuTokenizer(references);

async function score(dir: string, beamSize: number, count: number, repetitionGuard?: RepetitionGuard) {
  const model = await TranslationModel.load(dir);
  const started = performance.now();
  try {
    const hypotheses: string[] = [];
    for (let i = 0; i < count; i += 32) {
      const batch = await model.translate(sources.slice(i, Math.min(i + 32, count)), { beamSize, ...(repetitionGuard ? { repetitionGuard } : {}) });
      hypotheses.push(...batch.map((t) => t.text));
    }
    const scores = scoreTranslations(hypotheses, references.slice(0, count), { tokenize });
    const seconds = (performance.now() - started) / 1000;
    console.error(`${path.basename(dir)} beam ${beamSize} ${count} sentences: BLEU ${scores.bleu.score.toFixed(2)} chrF ${scores.chrf.score.toFixed(2)} (${seconds.toFixed(0)} s)`);
    return { bleu: round(scores.bleu.score), chrF: round(scores.chrf.score), sentences: count, beam: beamSize, tokenize, seconds: round(seconds) };
  } finally {
    model.dispose();
  }
}
const round = (x: number) => Math.round(x * 100) / 100;
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

const int8 = await score(out, 4, sources.length);
const fp32 = await score(options.run, 4, sources.length);
const first = await score(out, 1, Math.min(FIRST_SENTENCES, sources.length));
const noGuard = options.guardCost ? await score(out, 4, sources.length, noRepetitionGuard) : undefined;
const glossaryTerms = await (async () => {
  const oriented = async (file: string) => (await readParallelTsv(path.join(options.corpus, file), { mode: "lenient" })).pairs
    .map((p) => (options.reverse ? { source: p.target, target: p.source } : { source: p.source, target: p.target }));
  const model = await TranslationModel.load(out);
  try {
    return await scoreGlossaryTerms(model, await oriented("train.tsv"), await oriented("test.tsv"), { beamSize: 4, tokenize });
  } finally {
    model.dispose();
  }
})();

const metricsPath = path.join(out, "metrics.json");
const metrics = JSON.parse(await readFile(metricsPath, "utf8")) as Record<string, unknown>;
const release = {
  name: options.name, release: options.release, sourceLanguage: options.source, targetLanguage: options.target,
  testSet: `tatoeba/${path.basename(options.corpus)}/test.tsv${options.reverse ? " (reversed)" : ""}`,
  test: int8, testFloat32: fp32, firstSentences: first, ...(noGuard ? { testWithoutRepetitionGuard: noGuard } : {}), glossaryTerms,
};
await writeFile(metricsPath, JSON.stringify({
  ...metrics, greedyBleuFloat32: metrics.bleu, greedyChrFFloat32: metrics.chrF, bleu: int8.bleu, chrF: int8.chrF, release,
}, null, 2) + "\n");
await writeChecksums(out, [...(await readChecksumListing(out)).keys()]);

const bytes = (await Promise.all((await readdir(out)).map(async (f) => (await stat(path.join(out, f))).size))).reduce((a, b) => a + b, 0);
const command = (await readFile(`${options.run}.cmd`, "utf8").catch(() => "(not recorded)\n")).trim();
const num = (v: unknown, digits = 2) => (typeof v === "number" ? v.toFixed(digits) : "?");
const card = `# ${options.name} (${options.source} → ${options.target}), release ${options.release}

A Transformer (${String(metrics.preset)} preset, ${String(metrics.parameters)} parameters, ${String(metrics.vocabSize)} joint BPE tokens)
trained by Parley's engine on this repository's reference machine (2 CPU cores, no GPU). Numbers, URLs, e-mail addresses,
format placeholders, emoji, markup tags and words in other scripts are carried through as placeholders the model
learned to copy (${metrics.placeholders === true ? "trained with placeholder augmentation" : "NOT trained with placeholders"}).

## Data and licence
Tatoeba ${path.basename(options.corpus)} (\`../shared/corpora/tatoeba/${path.basename(options.corpus)}\`${options.reverse ? ", columns swapped" : ""}):
${String(metrics.trainPairs)} training pairs, ${String(metrics.devPairs)} dev pairs; CC-BY 2.0, credit "tatoeba.org and
www.manythings.org/anki". The weights are a derivative of that data and are shared under the same terms.

## Training
\`\`\`sh
${command}
\`\`\`
${num(Number(metrics.elapsedSeconds) / 60, 1)} minutes, ${String(metrics.steps)} steps, ${num(metrics.epochs)} epochs (stopped by ${String(metrics.stopReason)}),
${Math.round(Number(metrics.tokensPerSecond))} target tokens/s with one BLAS thread while a second run shared the machine;
best dev loss ${num(metrics.bestDevLoss, 3)} (perplexity ${num(metrics.devPerplexity)}).

## Quality (${release.testSet}, ${sources.length} sentences, sacreBLEU-compatible BLEU tokenize=${tokenize}, chrF)
| weights | decoding | BLEU | chrF |
| --- | --- | --- | --- |
| int8 (shipped) | beam 4 | **${int8.bleu.toFixed(2)}** | **${int8.chrF.toFixed(2)}** |
| float32 | beam 4 | ${fp32.bleu.toFixed(2)} | ${fp32.chrF.toFixed(2)} |
| float32 | greedy | ${num(metrics.bleu)} | ${num(metrics.chrF)} |
${noGuard ? `| int8, no repetition guard | beam 4 | ${noGuard.bleu.toFixed(2)} | ${noGuard.chrF.toFixed(2)} |\n` : ""}
int8 − float32: ${(int8.bleu - fp32.bleu).toFixed(2)} BLEU. First ${first.sentences} test sentences, int8, greedy (checked by
\`packages/models/test/shipped-models.test.ts\`): BLEU ${first.bleu.toFixed(2)}, chrF ${first.chrF.toFixed(2)}.
Reproduce: \`pnpm --filter @parley/engine eval --model packages/models/${options.name} --test ../shared/corpora/tatoeba/${path.basename(options.corpus)}/test.tsv${options.reverse ? " --reverse" : ""}${tokenize === "zh" ? " --tokenize zh" : ""}\`

## Glossary terms (\`bench/glossary/terms.ts\`, Dinu et al. 2019's method)
${glossaryTerms.sentences} test sentences whose reference holds the translation of a source word (pairs read off the
training data; a glossary of ${glossaryTerms.glossaryEntries} entries), int8, beam 4:
| | term in output | term appended (not placed) | BLEU | chrF |
| --- | --- | --- | --- | --- |
| no glossary | ${pct(glossaryTerms.withoutGlossary.termUseRate)} | ${pct(glossaryTerms.withoutGlossary.appendedRate)} | ${glossaryTerms.withoutGlossary.bleu.toFixed(2)} | ${glossaryTerms.withoutGlossary.chrF.toFixed(2)} |
| glossary | ${pct(glossaryTerms.withGlossary.termUseRate)} | ${pct(glossaryTerms.withGlossary.appendedRate)} | ${glossaryTerms.withGlossary.bleu.toFixed(2)} | ${glossaryTerms.withGlossary.chrF.toFixed(2)} |

## Size
${(bytes / 1e6).toFixed(1)} MB on disk (weights int8 per channel, vectors float32; \`pnpm --filter @parley/engine quantize\`).
`;
await writeFile(path.join(out, "MODEL_CARD.md"), card);

const catalogPath = path.join(MODELS_DIR, "catalog.json");
const catalog = JSON.parse(await readFile(catalogPath, "utf8").catch(() => '{"models":[]}')) as { models: { name: string }[] };
const entry = { name: options.name, sourceLanguage: options.source, targetLanguage: options.target, release: options.release, path: options.name };
catalog.models = [...catalog.models.filter((m) => m.name !== options.name), entry].sort((a, b) => a.name.localeCompare(b.name));
await writeFile(catalogPath, JSON.stringify(catalog, null, 2) + "\n");
console.log(JSON.stringify(release));
