import path from "node:path";
import { BadUserInputError } from "../../errors/gateway-errors.js";

/** How a document is written (the Prisma enum's values). */
export type DocumentFormat = "TEXT" | "MARKDOWN" | "HTML";

const BY_EXTENSION: Record<string, DocumentFormat> = {
  ".txt": "TEXT",
  ".text": "TEXT",
  ".md": "MARKDOWN",
  ".markdown": "MARKDOWN",
  ".html": "HTML",
  ".htm": "HTML",
};

const CONTENT_TYPES: Record<DocumentFormat, string> = {
  TEXT: "text/plain; charset=utf-8",
  MARKDOWN: "text/markdown; charset=utf-8",
  HTML: "text/html; charset=utf-8",
};

/**
 * The format a document is translated as: the `format` field when given (TEXT, MARKDOWN or HTML), else the file
 * name's extension (.txt, .md, .markdown, .html, .htm). Anything else (.docx, .pdf, no extension and no field):
 * BAD_USER_INPUT naming the field.
 */
export function documentFormat(field: string | undefined, filename: string): DocumentFormat {
  if (field !== undefined) {
    const upper = field.toUpperCase();
    if (upper === "TEXT" || upper === "MARKDOWN" || upper === "HTML") return upper;
    throw new BadUserInputError(`format must be TEXT, MARKDOWN or HTML; got ${JSON.stringify(field)}.`, { field: "format" });
  }
  const extension = path.extname(filename).toLowerCase();
  const inferred = BY_EXTENSION[extension];
  if (inferred) return inferred;
  throw new BadUserInputError(
    `Cannot translate ${extension ? `"${extension}" files` : "a file without an extension"}: upload .txt, .md or .html, or give format.`,
    { field: "format" },
  );
}

/** The Content-Type of a translated document. */
export function contentTypeOf(format: DocumentFormat): string {
  return CONTENT_TYPES[format];
}
