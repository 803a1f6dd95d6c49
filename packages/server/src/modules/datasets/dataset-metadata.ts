import { z } from "zod";
import { BadUserInputError } from "../../errors/gateway-errors.js";
import { stringProblem } from "../../input/string-policy.js";
import { LANGUAGE_TAG, LANGUAGE_TAG_RULE } from "../languages/language-codes.js";

/** The same rule as every GraphQL string input: no U+0000, no unpaired surrogate. */
const storable = (schema: z.ZodString) =>
  schema.superRefine((value, context) => {
    const problem = stringProblem(value);
    if (problem) context.addIssue({ code: "custom", message: problem });
  });

/** A language tag such as `en`, `fr`, `zh-Hans` or `pt-BR`. */
const languageTag = storable(z.string()).regex(LANGUAGE_TAG, LANGUAGE_TAG_RULE);

const metadataSchema = z.object({
  name: storable(z.string())
    .trim()
    .min(1, "is required")
    .max(100, "is longer than 100 characters")
    .regex(/^[^\t\n\r]+$/, "must be one line"),
  sourceLanguage: languageTag,
  targetLanguage: languageTag,
});

export type DatasetMetadata = z.infer<typeof metadataSchema>;

/** Reads the upload's text fields; a bad one is a BAD_USER_INPUT naming it. */
export function parseDatasetMetadata(fields: Record<string, string | undefined>): DatasetMetadata {
  const parsed = metadataSchema.safeParse(fields);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.join(".");
  const message = issue.code === "invalid_type" ? "is required" : issue.message;
  throw new BadUserInputError(`Field \`${field}\` ${message}.`, { field, issues: [] });
}
