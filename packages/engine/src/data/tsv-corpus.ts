/**
 * Parallel TSV reader and validator (`source<TAB>target`, UTF-8, one pair a line). Used for training data and for
 * dataset uploads: every problem is reported with its 1-based line number, and columns are never shifted silently.
 */
import { readFile } from "node:fs/promises";
import { cleanSentence } from "../text/normalize.js";
import { splitTsvLines } from "./tsv-lines.js";

export type TsvIssueCode =
  | "binary"
  | "invalid-utf8"
  | "blank-line"
  | "missing-column"
  | "extra-column"
  | "empty-source"
  | "empty-target"
  | "duplicate-pair"
  | "no-pairs";

export interface TsvIssue {
  /** 1-based line number; 0 for problems with the file as a whole. */
  line: number;
  code: TsvIssueCode;
  severity: "error" | "warning";
  message: string;
}

export interface ParallelPair {
  source: string;
  target: string;
  /** 1-based line the pair came from. */
  line: number;
}

export interface ParseTsvOptions {
  /** strict: every problem is an error (upload validation). lenient: bad lines are skipped as warnings (training). */
  mode?: "strict" | "lenient";
  /** "reject" (default) reports lines with more than one tab; "merge" joins the extra columns into the target. */
  extraTabs?: "reject" | "merge";
  /** Keep repeated identical pairs (default false: later copies are reported and dropped). */
  keepDuplicates?: boolean;
  /** Cap on the issues listed (issueCounts stays complete). Default 1000. */
  maxIssues?: number;
}

export interface ParseResult {
  /** No error-severity issue. */
  ok: boolean;
  pairs: ParallelPair[];
  issues: TsvIssue[];
  issueCounts: Partial<Record<TsvIssueCode, number>>;
  issuesTruncated: boolean;
  lineCount: number;
  /** Lines that produced no pair (bad, blank or duplicate). */
  skippedLines: number;
}

export function parseParallelTsv(input: string | Uint8Array, options: ParseTsvOptions = {}): ParseResult {
  const mode = options.mode ?? "strict";
  const report = new IssueLog(options.maxIssues ?? 1000);
  const lineSeverity = mode === "strict" ? "error" : "warning";
  const { lines, binaryFileAtLine } = splitTsvLines(input);
  if (binaryFileAtLine !== undefined) {
    report.add(binaryFileAtLine, "binary", "error", "file looks binary (NUL byte found), expected UTF-8 text");
    return report.result([], 0);
  }

  const pairs: ParallelPair[] = [];
  let lineCount = 0;
  const firstLineOfPair = new Map<string, number>();
  for (const raw of lines) {
    const { line } = raw;
    lineCount = line;
    if ("problem" in raw) {
      const message = raw.problem === "binary" ? "line contains NUL bytes (binary data)" : "line is not valid UTF-8";
      report.add(line, raw.problem, lineSeverity, message);
      continue;
    }
    if (raw.text.trim() === "") {
      report.add(line, "blank-line", lineSeverity, "blank line");
      continue;
    }
    const columns = raw.text.split("\t");
    if (columns.length < 2) {
      report.add(line, "missing-column", lineSeverity, "expected 2 tab-separated columns (source<TAB>target), found 1");
      continue;
    }
    if (columns.length > 2) {
      if (options.extraTabs !== "merge") {
        const message = `expected 2 tab-separated columns, found ${columns.length} (stray tab?)`;
        report.add(line, "extra-column", lineSeverity, message);
        continue;
      }
      report.add(line, "extra-column", "warning", `found ${columns.length} columns; extra tabs merged into the target`);
    }
    const source = cleanSentence(columns[0]!);
    const target = cleanSentence(columns.slice(1).join(" "));
    if (source === "" || target === "") {
      const side = source === "" ? "source" : "target";
      report.add(line, source === "" ? "empty-source" : "empty-target", lineSeverity, `empty ${side} sentence`);
      continue;
    }
    if (!options.keepDuplicates) {
      const key = `${source}\t${target}`;
      const firstLine = firstLineOfPair.get(key);
      if (firstLine !== undefined) {
        report.add(line, "duplicate-pair", lineSeverity, `duplicate of the pair on line ${firstLine}`);
        continue;
      }
      firstLineOfPair.set(key, line);
    }
    pairs.push({ source, target, line });
  }
  if (pairs.length === 0) report.add(0, "no-pairs", "error", "no valid sentence pairs found");
  return report.result(pairs, lineCount);
}

/** Reads and parses a TSV file (bytes, so invalid UTF-8 is reported per line rather than replaced). */
export async function readParallelTsv(path: string, options: ParseTsvOptions = {}): Promise<ParseResult> {
  return parseParallelTsv(await readFile(path), options);
}

export function formatTsvIssue(issue: TsvIssue): string {
  const where = issue.line === 0 ? "file" : `line ${issue.line}`;
  return `${where}: ${issue.severity} ${issue.code}: ${issue.message}`;
}

class IssueLog {
  private readonly issues: TsvIssue[] = [];
  private readonly counts: Partial<Record<TsvIssueCode, number>> = {};
  private hasError = false;
  private truncated = false;

  constructor(private readonly maxIssues: number) {}

  add(line: number, code: TsvIssueCode, severity: TsvIssue["severity"], message: string): void {
    this.counts[code] = (this.counts[code] ?? 0) + 1;
    if (severity === "error") this.hasError = true;
    if (this.issues.length < this.maxIssues) this.issues.push({ line, code, severity, message });
    else this.truncated = true;
  }

  result(pairs: ParallelPair[], lineCount: number): ParseResult {
    return {
      ok: !this.hasError,
      pairs,
      issues: this.issues,
      issueCounts: this.counts,
      issuesTruncated: this.truncated,
      lineCount,
      skippedLines: lineCount - pairs.length,
    };
  }
}
