// Child of peers.ts: decodes the given token ids with Parley at PARLEY_BLAS_THREADS threads, weights read at the given
// precision, greedy and beam 4 at batch 1 and 32, and sends back outputs, wall seconds and CPU seconds per configuration.
import { TranslationModel, beamSearch, greedyDecode, noRepetitionGuard } from "@parley/engine";
import type { PeerRun } from "./peers-types.js";

const { modelDir, sources, maxLength, precision } = JSON.parse(process.env["PEERS_INPUT"]!) as {
  modelDir: string; sources: number[][]; maxLength: number; precision: "float32" | "int8";
};
const model = await TranslationModel.load(modelDir, { precision });
const lengthLimit = { ratio: 0, extra: maxLength };
const runs: PeerRun[] = [];
for (const beam of [1, 4]) {
  for (const batch of [1, 32]) {
    const decode = (rows: number[][]) => beam === 1
      ? greedyDecode(model.decoder, rows, { lengthLimit, repetitionGuard: noRepetitionGuard })
      : beamSearch(model.decoder, rows, { beamSize: beam, lengthLimit, repetitionGuard: noRepetitionGuard });
    decode(sources.slice(0, batch)); // warm-up
    const cpu = process.cpuUsage();
    const started = performance.now();
    const outputs: number[][] = [];
    for (let i = 0; i < sources.length; i += batch) outputs.push(...decode(sources.slice(i, i + batch)).map((h) => h.tokens));
    const used = process.cpuUsage(cpu);
    runs.push({ beam, batch, seconds: (performance.now() - started) / 1000, cpuSeconds: (used.user + used.system) / 1e6, outputs });
  }
}
model.dispose();
process.send!(runs);
