// Parley against CTranslate2 (the serving peer) on the same weights: the model is exported with
// `exportCTranslate2`, both decode the same Tatoeba sentences (token ids from Parley's tokenizer, no repetition guard
// on either side), one and two threads, greedy and beam 4, batch 1 and 32. Parley reads its weights as float32 (the
// like-for-like rows) and as int8 (weight-only; the peer's int8 is not in the OpenBLAS build of ../shared/peers, so
// those rows are against its float32).
// Run: pnpm exec tsx bench/engine/peers.ts [--model <dir>] [--sentences 300]   (writes bench/results/peers.json)
// CTranslate2 comes from PARLEY_CT2_PYTHON or is installed offline from ../shared/peers (see ../shared/peers/README.md).
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { bpeTokenizerCodec, ctranslate2Python, exportCTranslate2 } from "@parley/engine";
import { shippedModels } from "@parley/models";
import { corpusFile, machineInfo, resultsDir, scratchDir } from "./bench-env.js";
import type { PeerRun } from "./peers-types.js";
import { runChild } from "./run-child.js";

const { values } = parseArgs({ options: { model: { type: "string" }, sentences: { type: "string", default: "300" } } });
const modelDir = values.model ?? shippedModels().find((m) => m.name === "eng-fra")!.dir;
const MAX_LENGTH = 100;
const sentences = readFileSync(corpusFile("tatoeba/eng-fra/test.tsv"), "utf8").trim().split("\n").slice(0, Number(values.sentences)).map((l) => l.split("\t")[0]!);
const tokenizer = bpeTokenizerCodec.fromJSON(JSON.parse(readFileSync(join(modelDir, "tokenizer.json"), "utf8")));
const sources = sentences.map((s) => tokenizer.encode(s));
const ct2Dir = join(scratchDir, "peers-ctranslate2");
mkdirSync(scratchDir, { recursive: true });
await exportCTranslate2(modelDir, ct2Dir);
const ct2 = ctranslate2Python();
const script = new URL("./peers-ctranslate2.py", import.meta.url).pathname;

interface Row { precision: string; decoding: string; batch: number; threads: number; ct2Config: string; ct2SentPerSec: number; parleySentPerSec: number; ratio: number; ct2CpuSec: number; parleyCpuSec: number; ratioPerCpuSec: number; parleyTokPerSec: number; identical: string }
const rows: Row[] = [];
for (const threads of [1, 2]) {
  const parleyRuns = async (precision: "float32" | "int8") => (await runChild<PeerRun[]>(new URL("./peers-parley.ts", import.meta.url).pathname, {
    PARLEY_BLAS_THREADS: String(threads), PARLEY_LOG_LEVEL: "warn", PEERS_INPUT: JSON.stringify({ modelDir, sources, maxLength: MAX_LENGTH, precision }),
  })).map((run) => ({ ...run, precision }));
  const parley = [...await parleyRuns("float32"), ...await parleyRuns("int8")];
  // CTranslate2's best use of the same cores: its own threads (intra_threads) with OpenBLAS held to one, or for two
  // threads also one intra thread with a two-thread OpenBLAS. Left alone, this OpenBLAS starts a thread per core
  // under every intra thread: its "one thread" runs then used two cores (CPU seconds twice the wall time).
  const configs = threads === 1 ? [{ intra: 1, blas: 1 }] : [{ intra: threads, blas: 1 }, { intra: 1, blas: threads }];
  const peerRuns = configs.map((config) => (JSON.parse(execFileSync(ct2.python, [script, ct2Dir, String(config.intra), String(MAX_LENGTH), "float32"], {
    env: { ...ct2.env, OPENBLAS_NUM_THREADS: String(config.blas), OMP_NUM_THREADS: String(config.intra) },
    input: JSON.stringify(sources), encoding: "utf8", maxBuffer: 1 << 28,
  })) as PeerRun[]).map((run) => ({ ...run, config: `intra ${config.intra}, OpenBLAS ${config.blas}` })));
  for (const ours of parley) {
    const theirs = peerRuns.map((runs) => runs.find((run) => run.beam === ours.beam && run.batch === ours.batch)!)
      .reduce((best, run) => (run.seconds < best.seconds ? run : best));
    const same = ours.outputs.filter((tokens, i) => JSON.stringify(tokens) === JSON.stringify(theirs.outputs[i])).length;
    const tokens = ours.outputs.reduce((sum, o) => sum + o.length, 0);
    rows.push({
      precision: ours.precision, decoding: ours.beam === 1 ? "greedy" : `beam ${ours.beam}`, batch: ours.batch, threads, ct2Config: theirs.config,
      ct2SentPerSec: sources.length / theirs.seconds, parleySentPerSec: sources.length / ours.seconds,
      ratio: theirs.seconds / ours.seconds, ct2CpuSec: theirs.cpuSeconds, parleyCpuSec: ours.cpuSeconds,
      ratioPerCpuSec: theirs.cpuSeconds / ours.cpuSeconds, parleyTokPerSec: tokens / ours.seconds, identical: `${same}/${sources.length}`,
    });
  }
}
const fixed = (x: number, d = 1) => x.toFixed(d);
console.log(`${modelDir}: ${sources.length} Tatoeba eng-fra test sentences; CTranslate2 float32 (OpenBLAS build); ${JSON.stringify(machineInfo())}`);
console.table(rows.map((r) => ({ ...r, ct2SentPerSec: fixed(r.ct2SentPerSec), parleySentPerSec: fixed(r.parleySentPerSec), ratio: fixed(r.ratio, 2), ct2CpuSec: fixed(r.ct2CpuSec), parleyCpuSec: fixed(r.parleyCpuSec), ratioPerCpuSec: fixed(r.ratioPerCpuSec, 2), parleyTokPerSec: fixed(r.parleyTokPerSec, 0) })));
mkdirSync(resultsDir, { recursive: true });
writeFileSync(join(resultsDir, "peers.json"), `${JSON.stringify({ date: new Date().toISOString(), machine: machineInfo(), model: modelDir, sentences: sources.length, rows }, null, 2)}\n`);
console.log(`wrote ${join(resultsDir, "peers.json")}`);
