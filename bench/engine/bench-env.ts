// What the engine benchmarks share: the machine description, the results folder, the corpus.
import { existsSync } from "node:fs";
import { cpus, platform, release } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { readParallelTsv, type TextPair } from "@parley/engine";

const benchDir = join(dirname(fileURLToPath(import.meta.url)), "..");

export const resultsDir = join(benchDir, "results");
/** Scratch files (tokenizers, models) reused between runs. */
export const scratchDir = join(resultsDir, "tmp");

export function machineInfo(): { cpu: string; cores: number; os: string; node: string } {
  return { cpu: cpus()[0]?.model ?? "unknown", cores: cpus().length, os: `${platform()} ${release()}`, node: process.version };
}

/** `relative` inside ../shared/corpora beside the repository root; throws when it is absent. */
export function corpusFile(relative: string): string {
  const file = join(benchDir, "..", "..", "shared", "corpora", relative);
  if (!existsSync(file)) throw new Error(`corpus file not found: ${file} (the benchmarks need /work/shared/corpora beside the repo)`);
  return file;
}

/** The first `limit` usable pairs of a corpus TSV. */
export async function readCorpusPairs(relative: string, limit: number): Promise<TextPair[]> {
  const parsed = await readParallelTsv(corpusFile(relative), { mode: "lenient" });
  return parsed.pairs.slice(0, limit).map(({ source, target }) => ({ source, target }));
}

/** The p-th percentile of ascending milliseconds (nearest rank). */
export function percentile(sortedMs: readonly number[], p: number): number {
  if (sortedMs.length === 0) return Number.NaN;
  return sortedMs[Math.min(sortedMs.length - 1, Math.floor((p / 100) * sortedMs.length))]!;
}
