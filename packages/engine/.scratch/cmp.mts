import { readFileSync } from "node:fs";
import { TranslationModel, greedyDecode } from "../src/index.js";
import { beamSearch } from "../src/decoding/beam-search.js";
import { TensorDecoder } from "../src/decoding/tensor-decoder.js";
import { noRepetitionGuard } from "../src/decoding/repetition-guard.js";
const model = await TranslationModel.load("/work/main/packages/models/eng-fra");
const lines = readFileSync("/work/shared/corpora/tatoeba/eng-fra/test.tsv", "utf8").split("\n").filter(Boolean).slice(0, Number(process.argv[2] ?? 200));
const tok = (model as any).tokenizer;
const sources = lines.map((l) => tok.encode(l.split("\t")[0]));
const tensor = new TensorDecoder(model.seq2seq);
const native = model.decoder;
console.log("native:", native.constructor.name);
for (const [name, run] of [["greedy", (d: any, s: number[][]) => greedyDecode(d, s)], ["beam4", (d: any, s: number[][]) => beamSearch(d, s, { beamSize: 4 })]] as const) {
  for (const batch of [1, 32]) {
    const timed = (d: any) => { const t = performance.now(); const out: number[][] = []; for (let i = 0; i < sources.length; i += batch) out.push(...run(d, sources.slice(i, i + batch)).map((h) => h.tokens)); return { out, s: (performance.now() - t) / 1000 }; };
    const a = timed(tensor); const b = timed(native);
    const same = a.out.filter((o, i) => o.join() === b.out[i]!.join()).length;
    console.log(`${name} b${batch}: tensor ${(sources.length / a.s).toFixed(1)} sent/s, native ${(sources.length / b.s).toFixed(1)} sent/s, x${(a.s / b.s).toFixed(2)}, identical ${same}/${sources.length}`);
  }
}
