import type { APIPromise } from "../core/api-promise.js";
import { ParleyError } from "../core/errors.js";
import { newIdempotencyKey } from "../core/idempotency.js";
import type { RequestOptions } from "../core/options.js";
import { TranslateDocument } from "../generated/graphql.js";
import type { TextFormat, TranslateOptions, TranslationResult } from "../types.js";
import { APIResource } from "./resource.js";

/** A model by name, or a language pair (the caller's own model for it, else the public one). */
export type TranslationRouting =
  | {
      /** A public model or one of the caller's own, e.g. "eng-fra". */
      model: string;
      /** Only "auto": report each text's detected language (the model still translates). */
      sourceLanguage?: "auto";
      targetLanguage?: never;
      /** Pin a version; otherwise `label`, otherwise `stable` (with canary traffic if set). */
      version?: number;
    }
  | {
      model?: never;
      /** ISO 639-1 code of the texts (e.g. "en"), or "auto" to detect it and route by it. */
      sourceLanguage: string;
      /** ISO 639-1 code to translate into, e.g. "fr". */
      targetLanguage: string;
      version?: never;
    };

interface TranslationCreateBase {
  label?: string;
  /** TEXT (default), HTML or XML: with markup only the text is translated and billed. */
  format?: TextFormat;
  options?: TranslateOptions;
  /** A retry with the same key returns the first result and is billed once. Generated when absent. */
  idempotencyKey?: string;
}

export type TranslationCreateParams = TranslationCreateBase &
  TranslationRouting &
  ({ texts: string[]; text?: never } | { text: string; texts?: never });

export class Translations extends APIResource {
  /** Translates `texts` in order (or the single `text`); one translation per text. */
  create(params: TranslationCreateParams, options?: RequestOptions): APIPromise<TranslationResult> {
    const { text, texts, idempotencyKey, ...rest } = params;
    if ((text === undefined) === (texts === undefined)) {
      throw new ParleyError("translations.create needs exactly one of `text` and `texts`.");
    }
    const key = idempotencyKey ?? options?.idempotencyKey ?? newIdempotencyKey();
    const input = { ...rest, texts: texts ?? [text as string], idempotencyKey: key };
    return this.client
      .graphql(TranslateDocument, { input }, { ...options, idempotencyKey: key })
      ._thenUnwrap((data) => data.translate);
  }
}
