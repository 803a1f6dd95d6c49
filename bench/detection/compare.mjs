// Compares npm language detectors on 200 Tatoeba dev sentences per language (en, fr, de, es, zh), each restricted to
// those five languages, as Parley's detection is. Not part of `pnpm bench`: the candidates other than eld are not
// dependencies of the repository. Reproduce:
//   npm install --prefix /tmp/detcmp franc@6.2.0 franc-min@6.2.0 eld@2.1.0 tinyld@1.3.4 cld3-asm@4.0.0
//   DETECTORS_DIR=/tmp/detcmp/node_modules node bench/detection/compare.mjs
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const corpora = process.env.TATOEBA_DIR ?? path.resolve(here, "../../../shared/corpora/tatoeba");
const modules = process.env.DETECTORS_DIR ?? "/tmp/detcmp/node_modules";
const load = async (name, entry) => {
  const manifest = JSON.parse(readFileSync(path.join(modules, name, "package.json"), "utf8"));
  const exported = manifest.exports?.["."];
  const file = entry ?? (typeof exported === "string" ? exported : exported?.import ?? exported?.default ?? manifest.module ?? manifest.main);
  return import(pathToFileURL(path.join(modules, name, file)).href);
};

/** Evenly spaced over the file (short to long sentences), duplicates dropped: as test/support/language-models.ts. */
const sample = (pair, column) => {
  const lines = readFileSync(path.join(corpora, pair, "dev.tsv"), "utf8").split("\n").filter(Boolean);
  const sentences = [...new Set(lines.map((line) => line.split("\t")[column]))];
  return Array.from({ length: 200 }, (_, index) => sentences[Math.floor((index * sentences.length) / 200)]);
};
const sets = { en: sample("eng-fra", 0), fr: sample("eng-fra", 1), de: sample("eng-deu", 1), es: sample("eng-spa", 1), zh: sample("eng-cmn", 1) };
const languages = Object.keys(sets);
const iso3 = { en: "eng", fr: "fra", de: "deu", es: "spa", zh: "cmn" };
const fromIso3 = Object.fromEntries(Object.entries(iso3).map(([two, three]) => [three, two]));

const { francAll } = await load("franc");
const { francAll: francMinAll } = await load("franc-min");
const { eld } = await load("eld", "src/entries/static.medium.js");
const { detectAll } = await load("tinyld", "dist/tinyld.normal.node.mjs");
const cld = (await (await load("cld3-asm", "dist/cjs/index.js")).loadModule()).create(0, 1000);
const restrictedEld = (text) => {
  const scores = Object.entries(eld.detect(text).getScores()).filter(([language]) => languages.includes(language));
  return scores.sort((a, b) => b[1] - a[1])[0]?.[0];
};
const detectors = {
  franc: (text) => fromIso3[francAll(text, { only: Object.values(iso3), minLength: 1 })[0][0]],
  "franc-min": (text) => fromIso3[francMinAll(text, { only: Object.values(iso3), minLength: 1 })[0][0]],
  "eld (medium)": restrictedEld,
  tinyld: (text) => detectAll(text, { only: languages })[0]?.lang,
  "cld3-asm": (text) => cld.findMostFrequentLanguages(text, 20).find((result) => languages.includes(result.language))?.language,
};
console.log(`| detector | ${languages.join(" | ")} | ms for 1,000 |`);
console.log(`| --- | ${languages.map(() => "---").join(" | ")} | --- |`);
for (const [name, detect] of Object.entries(detectors)) {
  const started = performance.now();
  const accuracy = languages.map((language) => ((sets[language].filter((text) => detect(text) === language).length / 200) * 100).toFixed(1));
  console.log(`| ${name} | ${accuracy.join(" | ")} | ${Math.round(performance.now() - started)} |`);
}
