/**
 * Turns raw TSV input (text or bytes) into numbered lines, detecting binary data and invalid UTF-8 per line so a
 * bad line never hides the good ones around it.
 */

export type RawLine =
  | { line: number; text: string }
  | { line: number; problem: "binary" | "invalid-utf8" };

export interface RawLines {
  /** Lines produced lazily, so a large file never holds every line object at once. */
  lines: Iterable<RawLine>;
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
    return { lines: splitText(new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes)) };
  } catch {
    return { lines: splitBytesPerLine(bytes) };
  }
}

function* splitText(text: string): Generator<RawLine> {
  let line = 0;
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    yield toRawLine(++line, text.slice(start, end));
    start = end + 1;
  }
}

function* splitBytesPerLine(bytes: Uint8Array): Generator<RawLine> {
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  let line = 0;
  for (let start = 0; start < bytes.length; ) {
    let end = bytes.indexOf(NEWLINE, start);
    if (end < 0) end = bytes.length;
    line++;
    let text: string | undefined;
    try {
      text = decoder.decode(bytes.subarray(start, end));
    } catch {
      yield { line, problem: "invalid-utf8" };
    }
    if (text !== undefined) yield toRawLine(line, text);
    start = end + 1;
  }
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
