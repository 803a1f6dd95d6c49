import type { APIPromise } from "../core/api-promise.js";
import type { RequestOptions } from "../core/options.js";
import { DetectableLanguagesDocument, DetectLanguageDocument, ListLanguagesDocument } from "../generated/graphql.js";
import type { DetectedLanguage, LanguagePair } from "../types.js";
import { APIResource } from "./resource.js";

export interface LanguageDetectParams {
  /** Up to the tenant's batch size, each within its text length limit (as translate). */
  texts: string[];
}

export class Languages extends APIResource {
  /** The language pairs the caller can translate, each with the model `translations.create({ sourceLanguage, targetLanguage })` uses. */
  list(options?: RequestOptions): APIPromise<LanguagePair[]> {
    return this.client.graphql(ListLanguagesDocument, {}, options)._thenUnwrap((data) => data.languages);
  }

  /** ISO 639-1 codes that detection chooses from. */
  detectable(options?: RequestOptions): APIPromise<string[]> {
    return this.client.graphql(DetectableLanguagesDocument, {}, options)._thenUnwrap((data) => data.detectableLanguages);
  }

  /** The language (ISO 639-1, null when undetectable) and a 0-1 confidence per text, in order. Not billed. */
  detect(params: LanguageDetectParams, options?: RequestOptions): APIPromise<DetectedLanguage[]> {
    return this.client.graphql(DetectLanguageDocument, params, options)._thenUnwrap((data) => data.detectLanguage);
  }
}
