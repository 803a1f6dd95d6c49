import { requireCaller, requireScope } from "../../auth/access.js";
import { BadUserInputError, NotFoundError } from "../../errors/gateway-errors.js";
import type { GatewayContext } from "../../graphql/context.js";
import { countRateLimitOnce } from "../translate/rate-limit.js";
import { validateTexts } from "../translate/validation.js";
import { DEFAULT_DETECTABLE_LANGUAGES, detectLanguages, type Detection } from "./detector.js";
import type { LanguagePair } from "./language-pairs.js";

/** The `languages` query: every pair the caller can translate, with its model. Any scope. */
export function languages(context: GatewayContext): Promise<LanguagePair[]> {
  const caller = requireCaller(context.caller);
  return context.services.languagePairs.list(caller.tenant.id);
}

/** The languages detection chooses from: the shipped ones and every language of a model the tenant can use. */
export async function detectableLanguages(context: GatewayContext, tenantId: string): Promise<Set<string>> {
  const pairs = await context.services.languagePairs.list(tenantId);
  return new Set([...DEFAULT_DETECTABLE_LANGUAGES, ...pairs.flatMap((pair) => [pair.sourceLanguage, pair.targetLanguage])]);
}

/** The `detectLanguage` query: TRANSLATE scope, translate's batch limits and rate limit; not billed. */
export async function detectLanguage(context: GatewayContext, texts: string[]): Promise<Detection[]> {
  const caller = requireScope(context.caller, "TRANSLATE");
  validateTexts(texts, caller.tenant);
  await countRateLimitOnce(context, caller);
  return detectLanguages(texts, await detectableLanguages(context, caller.tenant.id));
}

/**
 * `sourceLanguage: "auto"`: each text's language, and the batch's: the language with the most characters among
 * the texts (weights), which picks the model for the whole batch. No language at all: BAD_USER_INPUT.
 */
export async function detectBatchLanguage(
  context: GatewayContext,
  tenantId: string,
  texts: readonly string[],
  weights: readonly number[],
): Promise<{ perText: (string | null)[]; batch: string }> {
  const detections = await detectLanguages(texts, await detectableLanguages(context, tenantId));
  const totals = new Map<string, number>();
  detections.forEach(({ language }, index) => {
    if (language) totals.set(language, (totals.get(language) ?? 0) + Math.max(1, weights[index] ?? 0));
  });
  const ranked = [...totals].sort((a, b) => b[1] - a[1]);
  if (!ranked[0]) {
    throw new BadUserInputError('No language could be detected in these texts; give sourceLanguage instead of "auto".', {
      field: "sourceLanguage",
    });
  }
  return { perText: detections.map((detection) => detection.language), batch: ranked[0][0] };
}

/** The name of the model translate uses for a pair (own before public), or NOT_FOUND naming the pair. */
export async function modelNameForPair(context: GatewayContext, tenantId: string, source: string, target: string): Promise<string> {
  const model = await context.services.languagePairs.find(tenantId, source, target);
  if (!model) {
    throw new NotFoundError(`No model translates ${source} → ${target} for this tenant; the languages query lists the pairs you can use.`);
  }
  return model.name;
}
