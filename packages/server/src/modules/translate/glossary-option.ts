import type { Glossary } from "../../db/generated/client.js";
import type { EngineDecodeOptions } from "../../engine/translation-engine.js";
import { BadUserInputError } from "../../errors/gateway-errors.js";
import type { GatewayContext } from "../../graphql/context.js";
import { GlossaryService, glossaryEntries } from "../glossaries/glossary-service.js";
import { primaryLanguage } from "../languages/language-codes.js";
import type { ServingVersion } from "./model-resolution.js";

/**
 * The decoding options with the request's glossary: the tenant's own (else NOT_FOUND), for the serving model's
 * language pair (else BAD_USER_INPUT). Read before any quota is reserved.
 */
export async function withGlossary(
  context: GatewayContext,
  tenantId: string,
  glossaryId: string | null,
  { model }: ServingVersion,
  options: EngineDecodeOptions,
): Promise<EngineDecodeOptions> {
  if (glossaryId === null) return options;
  const glossary: Glossary = await new GlossaryService(context.services.prisma).find(tenantId, glossaryId);
  const pair = `${primaryLanguage(model.sourceLanguage)}→${primaryLanguage(model.targetLanguage)}`;
  if (pair !== `${glossary.sourceLanguage}→${glossary.targetLanguage}`) {
    throw new BadUserInputError(
      `Glossary ${glossary.id} is for ${glossary.sourceLanguage}→${glossary.targetLanguage}; model ${model.name} translates ${pair}.`,
      { field: "glossaryId" },
    );
  }
  return { ...options, glossary: { id: glossary.id, entries: glossaryEntries(glossary) } };
}
