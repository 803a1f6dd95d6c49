/**
 * Turns raw TSV input (text or bytes) into numbered lines, detecting binary data and invalid UTF-8 per line so a
 * bad line never hides the good ones around it.
 */

export type RawLine =
  | { line: number; text: string }
  | { line: number; problem: "binary" | "invalid-utf8" };

export interface RawLines {
  lines: RawLine[];
  /** Set when the start of the input looks like a binary file; `lines` is then empty. */
  binaryFileAtLine?: number;
}

/** How much of the input is sniffed for NUL bytes before deciding the whole file is binary. */
const BINARY_SNIFF_BYTES = 8192;
const NEWLINE = 0x0a;

export function splitTsvLines(input: string | Uint8Array): RawLines {
  if (typeof input === "string") return { lines: splitText(input.charCodeAt(0) === 0xfeff ? input.slice(1) : input) };
  const nulAt = input.subarray(0, BINARY_SNIFF_BYTES).indexOf(0);
  if (nulAt >= 0) return { lines: [], binaryFileAtLine: countNewlines(input, nulAt) + 1 };
  const bytes = hasUtf8Bom(input) ? input.subarray(3) : input;
  try {
    return { lines: splitText(new TextDecoder("utf-8", { fatal: true }).decode(bytes)) };
  } catch {
    return { lines: splitBytesPerLine(bytes) };
  }
}

function splitText(text: string): RawLine[] {
  if (text.length === 0) return [];
  const parts = text.split("\n");
  if (parts[parts.length - 1] === "") parts.pop();
  return parts.map((part, index) => toRawLine(index + 1, part));
}

function splitBytesPerLine(bytes: Uint8Array): RawLine[] {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const lines: RawLine[] = [];
  let start = 0;
  while (start < bytes.length) {
    let end = bytes.indexOf(NEWLINE, start);
    if (end < 0) end = bytes.length;
    const line = lines.length + 1;
    try {
      lines.push(toRawLine(line, decoder.decode(bytes.subarray(start, end))));
    } catch {
      lines.push({ line, problem: "invalid-utf8" });
    }
    start = end + 1;
  }
  return lines;
}

function toRawLine(line: number, text: string): RawLine {
  if (text.includes("\0")) return { line, problem: "binary" };
  return { line, text: text.endsWith("\r") ? text.slice(0, -1) : text };
}

function hasUtf8Bom(bytes: Uint8Array): boolean {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

function countNewlines(bytes: Uint8Array, before: number): number {
  let count = 0;
  for (let i = 0; i < before; i++) if (bytes[i] === NEWLINE) count++;
  return count;
}
