import { BadUserInputError } from "../../errors/gateway-errors.js";
import type { TranslateInput } from "../../graphql/generated/resolvers-types.js";
import { AUTO_DETECT, requireLanguageCode } from "../languages/language-codes.js";

/** Which model a request names: by name, or by language pair (the source possibly to be detected). */
export type Routing =
  | { kind: "model"; model: string; detect: boolean }
  | { kind: "languages"; sourceLanguage: string | typeof AUTO_DETECT; targetLanguage: string };

/**
 * Exactly one of `model` or `targetLanguage`. With a target, `sourceLanguage` is required (a code or "auto") and a
 * pinned `version` is refused (versions belong to a named model); with a model only `sourceLanguage: "auto"` is
 * allowed, which reports the detected languages.
 */
export function validateRouting(input: TranslateInput): Routing {
  const { model, sourceLanguage, targetLanguage } = input;
  const has = (value: string | null | undefined): value is string => value !== null && value !== undefined;
  if (has(model) === has(targetLanguage)) {
    throw new BadUserInputError("Give either model or targetLanguage (with sourceLanguage), not both and not neither.", {
      field: has(model) ? "targetLanguage" : "model",
    });
  }
  if (has(model)) {
    if (has(sourceLanguage) && sourceLanguage !== AUTO_DETECT) {
      throw new BadUserInputError(`With model, sourceLanguage can only be "${AUTO_DETECT}" (the model fixes the languages).`, {
        field: "sourceLanguage",
      });
    }
    return { kind: "model", model, detect: sourceLanguage === AUTO_DETECT };
  }
  if (!has(sourceLanguage)) {
    throw new BadUserInputError(`targetLanguage needs sourceLanguage: an ISO 639-1 code or "${AUTO_DETECT}".`, { field: "sourceLanguage" });
  }
  if (input.version !== null && input.version !== undefined) {
    throw new BadUserInputError("version pins a version of a named model: give model with it, not targetLanguage.", { field: "version" });
  }
  return {
    kind: "languages",
    sourceLanguage: sourceLanguage === AUTO_DETECT ? AUTO_DETECT : requireLanguageCode("sourceLanguage", sourceLanguage),
    targetLanguage: requireLanguageCode("targetLanguage", targetLanguage!),
  };
}
