import { BadUserInputError } from "../../errors/gateway-errors.js";

/** `sourceLanguage: "auto"`: detect each text's language and route by it. */
export const AUTO_DETECT = "auto";

const ISO_639_1 = /^[a-z]{2}$/;

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
