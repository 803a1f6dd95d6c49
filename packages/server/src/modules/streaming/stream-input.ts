import { z } from "zod";
import { BadUserInputError } from "../../errors/gateway-errors.js";
import type { TranslateInput } from "../../graphql/generated/resolvers-types.js";

/** The body of POST /v1/translations/stream: translate's input (TEXT only, no idempotency key), `text` or `texts`. */
const streamBody = z
  .object({
    model: z.string().optional(),
    sourceLanguage: z.string().optional(),
    targetLanguage: z.string().optional(),
    text: z.string().optional(),
    texts: z.array(z.string()).optional(),
    version: z.number().int().optional(),
    label: z.string().optional(),
    options: z.object({ beamSize: z.number().int().optional(), maxLength: z.number().int().optional() }).strict().optional(),
    glossaryId: z.string().optional(),
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
