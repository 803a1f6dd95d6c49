import { formatTsvIssue, readParallelTsv } from "../data/tsv-corpus.js";
import type { TextPair } from "../training/train-model.js";

/** How many skipped lines are listed one by one before the rest is only counted. */
const LISTED_ISSUES = 20;

/**
 * Reads a training/dev/test TSV leniently: malformed lines are skipped and reported on stderr with their line
 * numbers. Throws when the file yields no pair at all. Test sets keep duplicates (as the eval CLI does).
 */
export async function readTrainingTsv(file: string, options: { keepDuplicates?: boolean } = {}): Promise<TextPair[]> {
  const parsed = await readParallelTsv(file, { mode: "lenient", ...options });
  // Malformed lines first: they point at real problems, duplicates rarely do.
  const lineIssues = parsed.issues
    .filter((issue) => issue.line > 0)
    .sort((a, b) => Number(a.code === "duplicate-pair") - Number(b.code === "duplicate-pair") || a.line - b.line);
  for (const issue of lineIssues.slice(0, LISTED_ISSUES)) console.error(`${file}: ${formatTsvIssue(issue)}`);
  const unlisted = parsed.skippedLines - Math.min(lineIssues.length, LISTED_ISSUES);
  if (unlisted > 0) console.error(`${file}: ... and ${unlisted} more skipped lines`);
  if (!parsed.ok) throw new Error(`${file}: ${parsed.issues.map(formatTsvIssue).join("; ")}`);
  if (parsed.skippedLines > 0) console.error(`${file}: ${parsed.skippedLines} of ${parsed.lineCount} lines skipped`);
  return parsed.pairs.map(({ source, target }) => ({ source, target }));
}
