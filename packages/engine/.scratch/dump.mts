import { readFileSync, writeFileSync } from "node:fs";
import { TranslationModel, greedyDecode } from "../src/index.js";
import { beamSearch } from "../src/decoding/beam-search.js";
const model = await TranslationModel.load(process.argv[3] ?? "/work/main/packages/models/eng-fra");
const lines = readFileSync("/work/shared/corpora/tatoeba/eng-fra/test.tsv", "utf8").split("\n").filter(Boolean).slice(0, 500);
const tok = (model as any).tokenizer;
const sources = lines.map((l) => tok.encode(l.split("\t")[0]));
const out: Record<string, number[][]> = {};
for (const batch of [1, 32]) {
  const g: number[][] = [], b: number[][] = [];
  for (let i = 0; i < sources.length; i += batch) {
    g.push(...greedyDecode(model.decoder, sources.slice(i, i + batch)).map((h) => h.tokens));
    b.push(...beamSearch(model.decoder, sources.slice(i, i + batch), { beamSize: 4 }).map((h) => h.tokens));
  }
  out[`greedy${batch}`] = g; out[`beam${batch}`] = b;
}
const file = process.argv[2]!;
try {
  const before = JSON.parse(readFileSync(file, "utf8"));
  for (const k of Object.keys(out)) console.log(k, out[k]!.filter((o, i) => o.join() === before[k][i].join()).length, "/", out[k]!.length);
} catch { writeFileSync(file, JSON.stringify(out)); console.log("saved"); }
