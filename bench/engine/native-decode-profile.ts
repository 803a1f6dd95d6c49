// Where native decoding time goes (TranslationModel.decoder: models/transformer/native-transformer-decoder.ts) for the
// shipped eng-fra model: per configuration, CPU and wall time, and the time inside each session call: encode (start),
// the decoder steps (every layer, output projection, log-softmax: one native call per step), candidate selection
// (top-k per row and per beam group), row reordering (selectRows) and the rest (JavaScript beam bookkeeping);
// row-steps counts decoded rows over all steps. Float32 and int8 weights, greedy and beam 4, batch 1 and 32.
// Run: pnpm exec tsx bench/engine/native-decode-profile.ts   (writes bench/results/native-decode-profile.json)
// Env: BENCH_PROFILE_SENTENCES (default 300), PARLEY_BLAS_THREADS (default: cores, at most 4).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  TranslationModel, beamSearch, bpeTokenizerCodec, greedyDecode, noRepetitionGuard, type DecodingSession, type IncrementalDecoder,
} from "@parley/engine";
import { shippedModels } from "@parley/models";
import { corpusFile, machineInfo, resultsDir } from "./bench-env.js";

const count = Number(process.env["BENCH_PROFILE_SENTENCES"] ?? 300);
const modelDir = shippedModels().find((m) => m.name === "eng-fra")!.dir;
const tokenizer = bpeTokenizerCodec.fromJSON(JSON.parse(readFileSync(join(modelDir, "tokenizer.json"), "utf8")));
const sources = readFileSync(corpusFile("tatoeba/eng-fra/test.tsv"), "utf8").trim().split("\n").slice(0, count).map((l) => tokenizer.encode(l.split("\t")[0]!));
const lengthLimit = { ratio: 0, extra: 100 };

type Part = "encode" | "step" | "candidates" | "selectRows";

/** Wraps a decoder so that every session call adds its wall time to `times` and every step its rows to `rowSteps`. */
function timed(decoder: IncrementalDecoder, times: Record<Part, number>, counts: { rowSteps: number; steps: number }): IncrementalDecoder {
  const clock = <T>(part: Part, run: () => T): T => {
    const started = performance.now();
    try {
      return run();
    } finally {
      times[part] += performance.now() - started;
    }
  };
  return {
    vocabSize: decoder.vocabSize,
    maxLength: decoder.maxLength,
    start: (sourcesOf, rowsPerSource, capacity, maxRows) => {
      const session = clock("encode", () => decoder.start(sourcesOf, rowsPerSource, capacity, maxRows));
      const wrapped: DecodingSession = {
        get rows() { return session.rows; },
        step: (tokens) => { counts.rowSteps += tokens.length; counts.steps++; clock("step", () => session.step(tokens)); },
        topTokens: (k, rows) => clock("candidates", () => session.topTokens(k, rows)),
        topInGroups: (starts, scores, k) => clock("candidates", () => session.topInGroups(starts, scores, k)),
        selectRows: (rows) => clock("selectRows", () => session.selectRows(rows)),
        dispose: () => session.dispose(),
      };
      return wrapped;
    },
  };
}

const results = [];
for (const precision of ["float32", "int8"] as const) {
  const model = await TranslationModel.load(modelDir, { precision });
  for (const beam of [1, 4]) {
    for (const batch of [1, 32]) {
      const times: Record<Part, number> = { encode: 0, step: 0, candidates: 0, selectRows: 0 };
      const counts = { rowSteps: 0, steps: 0 };
      const decoder = timed(model.decoder, times, counts);
      const decode = (rows: number[][]) => beam === 1
        ? greedyDecode(decoder, rows, { lengthLimit, repetitionGuard: noRepetitionGuard })
        : beamSearch(decoder, rows, { beamSize: beam, lengthLimit, repetitionGuard: noRepetitionGuard });
      decode(sources.slice(0, batch)); // warm-up
      for (const part of Object.keys(times) as Part[]) times[part] = 0;
      Object.assign(counts, { rowSteps: 0, steps: 0 });
      const cpu = process.cpuUsage();
      const started = performance.now();
      for (let i = 0; i < sources.length; i += batch) decode(sources.slice(i, i + batch));
      const wallMs = performance.now() - started;
      const used = process.cpuUsage(cpu);
      const inside = Object.values(times).reduce((a, b) => a + b, 0);
      results.push({
        precision, decoding: beam === 1 ? "greedy" : `beam ${beam}`, batch, sentPerSec: sources.length / (wallMs / 1000),
        cpuMs: (used.user + used.system) / 1000, wallMs, ...times, javascriptMs: wallMs - inside, ...counts,
        msPerRowStep: times.step / counts.rowSteps,
      });
    }
  }
  model.dispose();
}
const round = (x: number, d = 0) => Number(x.toFixed(d));
console.log(`${modelDir}: ${sources.length} Tatoeba eng-fra test sentences, PARLEY_BLAS_THREADS=${process.env["PARLEY_BLAS_THREADS"] ?? "default"}; ${JSON.stringify(machineInfo())}`);
console.table(results.map((r) => ({
  precision: r.precision, decoding: r.decoding, batch: r.batch, "sent/s": round(r.sentPerSec, 1), "cpu ms": round(r.cpuMs), "wall ms": round(r.wallMs),
  "encode ms": round(r.encode), "steps ms": round(r.step), "candidates ms": round(r.candidates), "selectRows ms": round(r.selectRows),
  "JS ms": round(r.javascriptMs), "row-steps": r.rowSteps, "µs/row-step": round(r.msPerRowStep * 1000, 1),
})));
mkdirSync(resultsDir, { recursive: true });
writeFileSync(join(resultsDir, "native-decode-profile.json"), `${JSON.stringify({ date: new Date().toISOString(), machine: machineInfo(), sentences: sources.length, results }, null, 2)}\n`);
console.log(`wrote ${join(resultsDir, "native-decode-profile.json")}`);
