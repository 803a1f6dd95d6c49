import { readFileSync } from "node:fs";
import { TranslationModel, greedyDecode } from "../src/index.js";
import { beamSearch } from "../src/decoding/beam-search.js";
const dir = process.argv[2] ?? "/work/main/packages/models/eng-fra";
const f32 = await TranslationModel.load(dir, { precision: "float32" });
const i8 = await TranslationModel.load(dir, { precision: "int8" });
const lines = readFileSync("/work/shared/corpora/tatoeba/eng-fra/test.tsv", "utf8").split("\n").filter(Boolean).slice(0, 300);
const tok = (f32 as any).tokenizer;
const sources = lines.map((l) => tok.encode(l.split("\t")[0]));
for (const [name, run] of [["greedy", (d: any, s: number[][]) => greedyDecode(d, s)], ["beam4", (d: any, s: number[][]) => beamSearch(d, s, { beamSize: 4 })]] as const) {
  for (const batch of [1, 32]) {
    const timed = (d: any) => { const c = process.cpuUsage(); const out: number[][] = []; for (let i = 0; i < sources.length; i += batch) out.push(...run(d, sources.slice(i, i + batch)).map((h) => h.tokens)); const u = process.cpuUsage(c); return { out, s: (u.user + u.system) / 1e6 }; };
    const a = timed(f32.decoder); const b = timed(i8.decoder);
    const same = a.out.filter((o, i) => o.join() === b.out[i]!.join()).length;
    console.log(`${name} b${batch}: float32 ${(sources.length / a.s).toFixed(1)} sent/cpu-s, int8 ${(sources.length / b.s).toFixed(1)}, x${(a.s / b.s).toFixed(2)}, identical ${same}/${sources.length}`);
  }
}
