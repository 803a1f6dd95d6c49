import { z } from "zod";
import { BadUserInputError } from "../../errors/gateway-errors.js";
import type { TranslateInput } from "../../graphql/generated/resolvers-types.js";
import { DEFAULT_MAX_STRING_LENGTH, stringProblem } from "../../input/string-policy.js";

/**
 * A string held to the policy every GraphQL string argument is held to (graphql/guard-string-arguments.ts): no NUL,
 * no unpaired surrogate, at most `maxLength` code points (texts: the tenant's limit, checked later).
 */
const checked = (maxLength?: number) =>
  z.string().superRefine((value, context) => {
    const problem = stringProblem(value, maxLength);
    if (problem) context.addIssue({ code: "custom", message: problem });
  });

/** The body of POST /v1/translations/stream: translate's input (TEXT only, no idempotency key), `text` or `texts`. */
const streamBody = z
  .object({
    model: checked(DEFAULT_MAX_STRING_LENGTH).optional(),
    sourceLanguage: checked(DEFAULT_MAX_STRING_LENGTH).optional(),
    targetLanguage: checked(DEFAULT_MAX_STRING_LENGTH).optional(),
    text: checked().optional(),
    texts: z.array(checked()).optional(),
    version: z.number().int().optional(),
    label: checked(DEFAULT_MAX_STRING_LENGTH).optional(),
    options: z.object({ beamSize: z.number().int().optional(), maxLength: z.number().int().optional() }).strict().optional(),
    glossaryId: checked(DEFAULT_MAX_STRING_LENGTH).optional(),
  })
  .strict();

/** The request body as translate's input; anything else (unknown fields, both text and texts): BAD_USER_INPUT. */
export function parseStreamBody(body: unknown): TranslateInput {
  const parsed = streamBody.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join(".") || "body";
    throw new BadUserInputError(`Invalid stream request: ${field}: ${issue.message}.`, { field });
  }
  const { text, texts, ...rest } = parsed.data;
  if ((text === undefined) === (texts === undefined)) {
    throw new BadUserInputError("Give exactly one of text and texts.", { field: "texts" });
  }
  return { ...rest, texts: texts ?? [text!] };
}
