import { parse } from "csv-parse/sync";
import { stringProblem } from "../../input/string-policy.js";
import { GLOSSARY_LIMITS } from "./glossary-limits.js";

export interface GlossaryEntry {
  source: string;
  target: string;
}

/** A problem of a glossary's entries; `line` is 1-based in `entriesText`, or the 1-based index in `entries`. */
export interface GlossaryIssue {
  line: number;
  code: "columns" | "empty-term" | "term-too-long" | "bad-characters" | "duplicate-source" | "too-many-entries" | "too-large" | "unparsable";
  message: string;
}

export type GlossaryParse = { ok: true; entries: GlossaryEntry[] } | { ok: false; issues: GlossaryIssue[]; issueCount: number };

/**
 * Reads `entriesText` as DeepL's glossary formats do: TSV (`source<TAB>target` per line, no quoting) or CSV
 * (`source,target` per line, RFC 4180 quoting; parsed by csv-parse). Blank lines are skipped; see checkEntries.
 */
export function parseEntriesText(text: string, format: "TSV" | "CSV"): GlossaryParse {
  if (Buffer.byteLength(text, "utf8") > GLOSSARY_LIMITS.maxTextBytes) {
    return failed([{ line: 0, code: "too-large", message: `entriesText is larger than ${GLOSSARY_LIMITS.maxTextBytes} bytes` }]);
  }
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      delimiter: format === "TSV" ? "\t" : ",",
      quote: format === "TSV" ? false : '"',
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 0;
    return failed([{ line, code: "unparsable", message: `not valid ${format}: ${(error as Error).message.replace(/^Invalid [^:]*: /, "")}` }]);
  }
  const issues: GlossaryIssue[] = [];
  const lines: { line: number; entry: GlossaryEntry }[] = [];
  for (const { record, info } of records) {
    if (record.length !== 2) {
      issues.push({ line: info.lines, code: "columns", message: `expected 2 columns (source, target), found ${record.length}` });
    } else {
      lines.push({ line: info.lines, entry: { source: record[0]!, target: record[1]! } });
    }
  }
  return checkEntries(lines, issues);
}

/** Checks entries given as a list; `line` in issues is the entry's 1-based index. */
export function parseEntryList(entries: readonly GlossaryEntry[]): GlossaryParse {
  return checkEntries(entries.map((entry, index) => ({ line: index + 1, entry })), []);
}

/**
 * Each term trimmed, non-empty, at most maxTermLength code points, without control characters, NUL or unpaired
 * surrogates; no source term twice (compared as translate matches them: case- and space-insensitively); at most
 * maxEntries entries.
 */
function checkEntries(lines: { line: number; entry: GlossaryEntry }[], issues: GlossaryIssue[]): GlossaryParse {
  const seen = new Map<string, number>();
  const entries: GlossaryEntry[] = [];
  for (const { line, entry } of lines) {
    const source = entry.source.trim();
    const target = entry.target.trim();
    const problem = termProblem(source) ?? termProblem(target);
    if (source === "" || target === "") {
      issues.push({ line, code: "empty-term", message: `${source === "" ? "source" : "target"} term is empty` });
    } else if (problem !== undefined) {
      issues.push({ line, code: problem.code, message: problem.message });
    } else {
      const key = source.normalize("NFC").toLocaleLowerCase("und").replace(/\s+/gu, " ");
      const first = seen.get(key);
      if (first !== undefined) issues.push({ line, code: "duplicate-source", message: `source term "${source}" is already on line ${first}` });
      else seen.set(key, line);
      entries.push({ source, target });
    }
  }
  if (issues.length === 0 && entries.length > GLOSSARY_LIMITS.maxEntries) {
    const line = lines[GLOSSARY_LIMITS.maxEntries]!.line;
    issues.push({ line, code: "too-many-entries", message: `more than ${GLOSSARY_LIMITS.maxEntries} entries (entry ${GLOSSARY_LIMITS.maxEntries + 1} is here)` });
  }
  return issues.length === 0 ? { ok: true, entries } : failed(issues);
}

function termProblem(term: string): Pick<GlossaryIssue, "code" | "message"> | undefined {
  const invalid = stringProblem(term);
  if (invalid !== undefined || /[\p{Cc}\p{Co}]/u.test(term)) {
    return { code: "bad-characters", message: `term ${invalid ?? "must not contain control or private-use characters"}` };
  }
  if ([...term].length > GLOSSARY_LIMITS.maxTermLength) {
    return { code: "term-too-long", message: `term is longer than ${GLOSSARY_LIMITS.maxTermLength} characters` };
  }
  return undefined;
}

function failed(issues: GlossaryIssue[]): GlossaryParse {
  return { ok: false, issues: issues.slice(0, GLOSSARY_LIMITS.maxListedIssues), issueCount: issues.length };
}
