// Glossary terms through a shipped model: how often a term's target comes out with and without the glossary, how
// often the model placed it (rather than the fallback appending it), and what it costs in BLEU/chrF.
// Method (Dinu et al. 2019, "Training NMT to apply terminology constraints"): term pairs are read off the training
// corpus (buildTermLexicon); a test sentence gets a glossary term when its source holds a lexicon word whose
// translation is in its reference, so the glossary agrees with the reference and BLEU measures placement.
// Run: pnpm exec tsx bench/glossary/terms.ts [eng-fra] [--beam 4] [--limit 400]   (writes bench/results/glossary-<model>.json)
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { TranslationModel, buildTermLexicon, scoreTranslations, wordTypes, type TextPair } from "@parley/engine";
import { shippedModels } from "@parley/models";
import { corpusFile, machineInfo, resultsDir } from "../engine/bench-env.js";

const { values, positionals } = parseArgs({ allowPositionals: true, options: { beam: { type: "string", default: "4" }, limit: { type: "string", default: "400" } } });
const name = positionals[0] ?? "eng-fra";
const beamSize = Number(values.beam);
const model = shippedModels().find((entry) => entry.name === name);
if (model === undefined) throw new Error(`no shipped model ${name}`);
const pair = [model.sourceLanguage, model.targetLanguage].includes("en") ? model.name.split("-").sort((a) => (a === "eng" ? -1 : 1)).join("-") : model.name;
const fromEnglish = model.sourceLanguage === "en";

const read = (file: string): TextPair[] =>
  readFileSync(corpusFile(`tatoeba/${pair}/${file}`), "utf8").trim().split("\n").map((line) => {
    const [english, other] = line.split("\t") as [string, string];
    return fromEnglish ? { source: english, target: other } : { source: other, target: english };
  });

const lexicon = buildTermLexicon(read("train.tsv"));
const cases: { pair: TextPair; term: string; translation: string }[] = [];
for (const test of read("test.tsv")) {
  const reference = wordTypes(test.target);
  const term = [...wordTypes(test.source)].find((word) => reference.has(lexicon.get(word) ?? "\u0000"));
  if (term !== undefined) cases.push({ pair: test, term, translation: lexicon.get(term)! });
}
const chosen = cases.slice(0, Number(values.limit));
const glossary = { id: "bench", entries: [...new Map(chosen.map((c) => [c.term, c.translation])).entries()].map(([source, target]) => ({ source, target })) };

const translator = await TranslationModel.load(model.dir);
const run = async (withGlossary: boolean) => {
  const started = performance.now();
  const outputs = (await translator.translate(chosen.map((c) => c.pair.source), { beamSize, ...(withGlossary ? { glossary } : {}) })).map((t) => t.text);
  const seconds = (performance.now() - started) / 1000;
  const used = outputs.filter((output, i) => wordTypes(output).has(chosen[i]!.translation)).length;
  // The fallback puts a term the model dropped after the sentence's final punctuation.
  const appended = outputs.filter((output, i) => new RegExp(`[.!?…]\\s+${escape(chosen[i]!.translation)}$`, "iu").test(output)).length;
  const scores = scoreTranslations(outputs, [chosen.map((c) => c.pair.target)], { tokenize: model.targetLanguage === "zh" ? "zh" : "13a" });
  return { termUseRate: used / chosen.length, appendedRate: appended / chosen.length, bleu: scores.bleu.score, chrf: scores.chrf.score, seconds, sample: outputs.slice(0, 5) };
};
const escape = (text: string) => text.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&");

const without = await run(false);
const withTerms = await run(true);
const rows = [
  { decoding: `beam ${beamSize}, no glossary`, ...without },
  { decoding: `beam ${beamSize}, glossary`, ...withTerms },
];
console.log(`${name} (${model.release}), Tatoeba ${pair} test: ${chosen.length} sentences with a reference-agreeing term, glossary of ${glossary.entries.length} entries (lexicon ${lexicon.size} pairs)`);
console.log(`machine: ${JSON.stringify(machineInfo())}`);
console.table(rows.map(({ sample: _sample, ...row }) => ({ ...row, termUseRate: row.termUseRate.toFixed(3), appendedRate: row.appendedRate.toFixed(3), bleu: row.bleu.toFixed(2), chrf: row.chrf.toFixed(2), seconds: row.seconds.toFixed(1) })));
console.log(`glossary − none: BLEU ${(withTerms.bleu - without.bleu).toFixed(2)}, chrF ${(withTerms.chrf - without.chrf).toFixed(2)}, term use ${(withTerms.termUseRate / Math.max(without.termUseRate, 1e-9)).toFixed(2)}×`);
mkdirSync(resultsDir, { recursive: true });
const out = join(resultsDir, `glossary-${name}.json`);
writeFileSync(out, `${JSON.stringify({ date: new Date().toISOString(), machine: machineInfo(), model: name, release: model.release, beamSize, sentences: chosen.length, glossaryEntries: glossary.entries.length, results: rows }, null, 2)}\n`);
console.log(`wrote ${out}`);
translator.dispose();
