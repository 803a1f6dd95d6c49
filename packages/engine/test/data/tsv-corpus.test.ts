import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { formatTsvIssue, parseParallelTsv, readParallelTsv, type ParseResult } from "../../src/data/tsv-corpus.js";
import { cleanSentence } from "../../src/text/normalize.js";
import { corpusFile } from "./shared-corpora.js";

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const codesAndLines = (result: ParseResult): [string, number][] => result.issues.map((i) => [i.code, i.line]);

describe("parseParallelTsv", () => {
  it("parses clean input from a string or bytes, with line numbers", () => {
    const text = "Hello.\tBonjour.\nThanks!\tMerci !\n";
    for (const input of [text, bytes(text)]) {
      const result = parseParallelTsv(input);
      expect(result.ok).toBe(true);
      expect(result.issues).toEqual([]);
      expect(result.lineCount).toBe(2);
      expect(result.pairs).toEqual([
        { source: "Hello.", target: "Bonjour.", line: 1 },
        { source: "Thanks!", target: "Merci !", line: 2 },
      ]);
    }
  });

  it("accepts a UTF-8 BOM, CRLF line ends and a missing final newline", () => {
    const result = parseParallelTsv(bytes("\ufeffA\tB\r\nC\tD"));
    expect(result.ok).toBe(true);
    expect(result.pairs.map((p) => [p.source, p.target])).toEqual([["A", "B"], ["C", "D"]]);
  });

  it("normalizes fields: NFC, outer whitespace, tabs-free inner whitespace runs", () => {
    const [pair] = parseParallelTsv("  Cafe\u0301   noir \tEntrez\u202f!  \n").pairs;
    expect(pair).toMatchObject({ source: "Café noir", target: "Entrez\u202f!" });
  });

  it("reports a binary file once and returns no pairs", () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]);
    const result = parseParallelTsv(png);
    expect(result.ok).toBe(false);
    expect(result.pairs).toEqual([]);
    // The PNG signature contains two line feeds before its first NUL byte.
    expect(codesAndLines(result)).toEqual([["binary", 3]]);
  });

  it("reports NUL bytes and invalid UTF-8 on their own lines and keeps the rest", () => {
    const good = "A long enough English sentence\tUne phrase française assez longue\n".repeat(200);
    const input = new Uint8Array([
      ...bytes(good),
      ...bytes("bad\tNUL\0here\n"),
      ...bytes("ok\tfine\n"),
      ...[0x63, 0x61, 0x66, 0xc3, 0x28, 0x09, 0x78, 0x0a], // "caf\xC3(" <TAB> "x": broken UTF-8
      ...bytes("last\tline\n"),
    ]);
    const result = parseParallelTsv(input, { keepDuplicates: true });
    expect(codesAndLines(result)).toEqual([["binary", 201], ["invalid-utf8", 203]]);
    expect(result.pairs.length).toBe(202);
    expect(result.pairs.at(-1)).toEqual({ source: "last", target: "line", line: 204 });
    expect(result.lineCount).toBe(204);
  });

  it("reports a missing column, empty sides and blank lines with their line numbers", () => {
    const result = parseParallelTsv("one column only\nA\tB\nsource only\t\n\ttarget only\n   \nC\tD\n");
    expect(result.ok).toBe(false);
    expect(codesAndLines(result)).toEqual([
      ["missing-column", 1],
      ["empty-target", 3],
      ["empty-source", 4],
      ["blank-line", 5],
    ]);
    expect(result.pairs.map((p) => p.line)).toEqual([2, 6]);
    expect(result.skippedLines).toBe(4);
  });

  it("reports an input with zero rows", () => {
    for (const input of ["", new Uint8Array(0), "\n\n"]) {
      const result = parseParallelTsv(input);
      expect(result.ok).toBe(false);
      expect(result.issues.at(-1)).toMatchObject({ code: "no-pairs", line: 0, severity: "error" });
    }
  });

  it("never shifts columns on a stray tab: rejects the line, or merges it into the target on request", () => {
    const text = "A\tB\nTwo men.\t\"Zwei Männer in einer \tFontäne.\"\nC\tD\n";
    const strict = parseParallelTsv(text);
    expect(codesAndLines(strict)).toEqual([["extra-column", 2]]);
    expect(strict.issues[0]!.message).toContain("found 3");
    expect(strict.pairs.map((p) => p.line)).toEqual([1, 3]);

    const merged = parseParallelTsv(text, { extraTabs: "merge" });
    expect(merged.ok).toBe(true);
    expect(merged.issues).toMatchObject([{ code: "extra-column", line: 2, severity: "warning" }]);
    expect(merged.pairs[1]).toEqual({ source: "Two men.", target: "\"Zwei Männer in einer Fontäne.\"", line: 2 });
  });

  it("reports duplicate pairs pointing at the first occurrence", () => {
    const text = "A\tB\nA\tC\nA\tB\n";
    const strict = parseParallelTsv(text);
    expect(strict.ok).toBe(false);
    expect(strict.issues).toEqual([
      { line: 3, code: "duplicate-pair", severity: "error", message: "duplicate of the pair on line 1" },
    ]);
    expect(parseParallelTsv(text, { keepDuplicates: true }).pairs.length).toBe(3);
  });

  it("lenient mode skips bad lines as warnings and counts them", () => {
    const result = parseParallelTsv("A\tB\nbroken\nA\tB\nC\tD\tE\nF\tG\n", { mode: "lenient" });
    expect(result.ok).toBe(true);
    expect(result.issues.every((issue) => issue.severity === "warning")).toBe(true);
    expect(result.issueCounts).toEqual({ "missing-column": 1, "duplicate-pair": 1, "extra-column": 1 });
    expect(result.pairs.map((p) => p.line)).toEqual([1, 5]);
    expect(result.skippedLines).toBe(3);
  });

  it("caps the issue list but keeps complete counts", () => {
    const result = parseParallelTsv("x\n".repeat(50), { maxIssues: 10 });
    expect(result.issues.length).toBe(10);
    expect(result.issuesTruncated).toBe(true);
    expect(result.issueCounts["missing-column"]).toBe(50);
  });

  it("formats issues for people", () => {
    expect(formatTsvIssue({ line: 7, code: "empty-target", severity: "error", message: "empty target sentence" })).toBe(
      "line 7: error empty-target: empty target sentence",
    );
  });
});

describe("readParallelTsv on the real Multi30k file", () => {
  it("reports the stray tab on line 7366 of eng-deu/train.tsv", async () => {
    const path = corpusFile("multi30k/eng-deu/train.tsv");
    const strict = await readParallelTsv(path, { keepDuplicates: true });
    expect(strict.lineCount).toBe(29_000);
    expect(codesAndLines(strict)).toEqual([["extra-column", 7366]]);
    expect(strict.pairs.length).toBe(28_999);
    expect(strict.pairs.some((pair) => pair.line === 7366)).toBe(false);

    const merged = await readParallelTsv(path, { keepDuplicates: true, extraTabs: "merge" });
    const repaired = merged.pairs.find((pair) => pair.line === 7366)!;
    const [source, ...targetColumns] = readFileSync(path, "utf8").split("\n")[7365]!.split("\t");
    expect(targetColumns.length).toBe(2);
    expect(repaired).toEqual({ source: cleanSentence(source!), target: cleanSentence(targetColumns.join(" ")), line: 7366 });
    expect(repaired.target).not.toContain("\t");
  });
});
