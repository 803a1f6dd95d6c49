import { BadUserInputError } from "../../errors/gateway-errors.js";

/** `sourceLanguage: "auto"`: detect each text's language and route by it. */
export const AUTO_DETECT = "auto";

const ISO_639_1 = /^[a-z]{2}$/;

/**
 * A language tag a model or dataset may carry: an ISO 639-1 language ("en", "zh") with optional subtags ("zh-Hans",
 * "pt-BR"). Three-letter languages ("eng") are refused: translate routes by the two-letter code, so a model tagged
 * "eng" could never be reached by language, nor fine-tuned from the public "en" one.
 */
export const LANGUAGE_TAG = /^[a-z]{2}(-[A-Za-z0-9]{2,8})*$/;
export const LANGUAGE_TAG_RULE = 'must be an ISO 639-1 language with optional subtags, such as "en", "fr", "zh-Hans" or "pt-BR"';

/** The ISO 639-1 code of a stored language tag: `zh-Hans` → `zh`, `EN` → `en`. */
export function primaryLanguage(tag: string): string {
  return tag.split("-")[0]!.toLowerCase();
}

/** A two-letter ISO 639-1 code, or BAD_USER_INPUT naming the field. */
export function requireLanguageCode(field: string, value: string): string {
  if (!ISO_639_1.test(value)) {
    throw new BadUserInputError(`${field} must be an ISO 639-1 code such as "en", "fr" or "zh"; got "${value}".`, { field });
  }
  return value;
}
