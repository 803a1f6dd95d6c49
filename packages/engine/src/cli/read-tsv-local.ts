import { readFile } from "node:fs/promises";
import type { TextPair } from "../training/train-model.js";

/**
 * Minimal TSV reader (English<TAB>other per line; malformed lines skipped and counted).
 * TODO-merge: replace by readParallelTsv(path, { mode: "lenient" }) from ../data/tsv-corpus.js,
 * which validates and reports issues by line number.
 */
export async function readTsvPairsLocal(file: string): Promise<{ pairs: TextPair[]; skipped: number }> {
  const lines = (await readFile(file, "utf8")).split(/\r?\n/u);
  const pairs: TextPair[] = [];
  let skipped = 0;
  for (const line of lines) {
    if (line.trim() === "") continue;
    const columns = line.split("\t");
    if (columns.length !== 2 || columns[0]!.trim() === "" || columns[1]!.trim() === "") {
      skipped++;
      continue;
    }
    pairs.push({ source: columns[0]!.trim(), target: columns[1]!.trim() });
  }
  return { pairs, skipped };
}
