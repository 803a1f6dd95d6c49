import { z } from "zod";
import { BadUserInputError } from "../../errors/gateway-errors.js";
import { stringProblem } from "../../input/string-policy.js";

const text = z.string().superRefine((value, context) => {
  const problem = stringProblem(value, 256);
  if (problem) context.addIssue({ code: "custom", message: problem });
});

const fieldsSchema = z
  .object({
    model: text.optional(),
    sourceLanguage: text.optional(),
    targetLanguage: text.optional(),
    version: z.string().regex(/^[1-9]\d{0,8}$/, "must be a positive integer").transform(Number).optional(),
    label: text.optional(),
    format: text.optional(),
    filename: text.optional(),
  })
  .strict();

/** The text fields of `POST /v1/documents`. */
export type DocumentFields = z.infer<typeof fieldsSchema>;

/** Reads the upload's text fields (unknown ones refused); a bad one is a BAD_USER_INPUT naming it. */
export function parseDocumentFields(fields: Record<string, string>): DocumentFields {
  const parsed = fieldsSchema.safeParse(fields);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.join(".") || String((issue as { keys?: string[] }).keys?.[0] ?? "fields");
  const message = issue.code === "unrecognized_keys" ? "is not a field of this upload" : issue.message;
  throw new BadUserInputError(`Field \`${field}\` ${message}.`, { field });
}

/** The uploaded bytes as text: UTF-8 (a BOM is dropped), without U+0000; anything else is BAD_USER_INPUT. */
export function decodeDocument(bytes: Buffer): string {
  let decoded: string;
  try {
    decoded = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new BadUserInputError("The file is not valid UTF-8 text.", { field: "file" });
  }
  if (decoded.includes("\u0000")) throw new BadUserInputError("The file contains U+0000 (NUL): it is not a text document.", { field: "file" });
  return decoded;
}
