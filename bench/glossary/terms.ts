// Glossary terms through a shipped model (scoreGlossaryTerms: Dinu et al. 2019's method on Tatoeba): how often each
// term's translation comes out with and without the glossary, how often the model placed it (rather than the
// translator appending it), and the BLEU/chrF difference on those sentences.
// Run: pnpm exec tsx bench/glossary/terms.ts [eng-fra] [--beam 4] [--limit 400]   (writes bench/results/glossary-<model>.json)
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { TranslationModel, scoreGlossaryTerms, type TextPair } from "@parley/engine";
import { shippedModels } from "@parley/models";
import { corpusFile, machineInfo, resultsDir } from "../engine/bench-env.js";

const { values, positionals } = parseArgs({ allowPositionals: true, options: { beam: { type: "string", default: "4" }, limit: { type: "string", default: "400" } } });
const name = positionals[0] ?? "eng-fra";
const model = shippedModels().find((entry) => entry.name === name);
if (model === undefined) throw new Error(`no shipped model ${name}`);
// Tatoeba folders are eng-xxx with English first; xxx-eng models read them reversed.
const fromEnglish = model.sourceLanguage === "en";
const folder = fromEnglish ? name : name.split("-").reverse().join("-");
const read = (file: string): TextPair[] =>
  readFileSync(corpusFile(`tatoeba/${folder}/${file}`), "utf8").trim().split("\n").map((line) => {
    const [english, other] = line.split("\t") as [string, string];
    return fromEnglish ? { source: english, target: other } : { source: other, target: english };
  });

const translator = await TranslationModel.load(model.dir);
const scores = await scoreGlossaryTerms(translator, read("train.tsv"), read("test.tsv"), {
  beamSize: Number(values.beam), limit: Number(values.limit), tokenize: model.targetLanguage === "zh" ? "zh" : "13a",
});
translator.dispose();
const rows = [
  { decoding: `beam ${values.beam}, no glossary`, ...scores.withoutGlossary },
  { decoding: `beam ${values.beam}, glossary`, ...scores.withGlossary },
];
console.log(`${name} (${model.release}), Tatoeba ${folder} test: ${scores.sentences} sentences with a reference-agreeing term, glossary of ${scores.glossaryEntries} entries (lexicon ${scores.lexiconEntries})`);
console.log(`machine: ${JSON.stringify(machineInfo())}`);
console.table(rows.map((row) => ({ ...row, termUseRate: row.termUseRate.toFixed(3), appendedRate: row.appendedRate.toFixed(3), bleu: row.bleu.toFixed(2), chrF: row.chrF.toFixed(2), seconds: row.seconds.toFixed(1) })));
const { withGlossary: w, withoutGlossary: o } = scores;
console.log(`glossary − none: BLEU ${(w.bleu - o.bleu).toFixed(2)}, chrF ${(w.chrF - o.chrF).toFixed(2)}, time ${(w.seconds / o.seconds).toFixed(2)}×`);
mkdirSync(resultsDir, { recursive: true });
const out = join(resultsDir, `glossary-${name}.json`);
writeFileSync(out, `${JSON.stringify({ date: new Date().toISOString(), machine: machineInfo(), model: name, release: model.release, beamSize: Number(values.beam), ...scores }, null, 2)}\n`);
console.log(`wrote ${out}`);
