import { parseParallelTsv, type ParallelPair } from "@parley/engine/data";
import type { DatasetLimits } from "./dataset-limits.js";
import { splitDataset } from "./dataset-split.js";

/** One problem of an uploaded file; line 0 means the file as a whole. */
export interface DatasetIssue {
  line: number;
  code: string;
  message: string;
}

export interface SplitCounts {
  pairCount: number;
  trainCount: number;
  devCount: number;
  testCount: number;
}

export type DatasetValidation = ({ ok: true } & SplitCounts) | { ok: false; issues: DatasetIssue[]; issueCount: number };

/** Issues listed in one answer; the count stays complete. */
const MAX_LISTED_ISSUES = 100;

/**
 * Strict validation of an upload (`source<TAB>target`, UTF-8): binary data,
 * bad encoding, missing or extra columns, empty sides, blank lines and
 * duplicate pairs are all errors, each with its line number.
 */
export function validateDataset(bytes: Uint8Array, limits: DatasetLimits): DatasetValidation {
  const parsed = parseParallelTsv(bytes, { mode: "strict", maxIssues: MAX_LISTED_ISSUES });
  const issues: DatasetIssue[] = parsed.issues
    .filter((issue) => issue.severity === "error")
    .map(({ line, code, message }) => ({ line, code, message }));
  const issueCount = Object.values(parsed.issueCounts).reduce((sum, count) => sum + (count ?? 0), 0);
  if (!parsed.ok) return { ok: false, issues, issueCount };
  if (parsed.pairs.length > limits.maxPairs) {
    const line = parsed.pairs[limits.maxPairs]!.line;
    const message = `too many sentence pairs: ${parsed.pairs.length}, the limit is ${limits.maxPairs} (pair ${limits.maxPairs + 1} is on this line)`;
    return { ok: false, issues: [{ line, code: "too-many-pairs", message }], issueCount: 1 };
  }
  return { ok: true, ...splitCounts(parsed.pairs) };
}

function splitCounts(pairs: readonly ParallelPair[]): SplitCounts {
  const { train, dev, test } = splitDataset(pairs);
  return { pairCount: pairs.length, trainCount: train.length, devCount: dev.length, testCount: test.length };
}
