import type { APIPromise } from "../core/api-promise.js";
import { ParleyError } from "../core/errors.js";
import { newIdempotencyKey } from "../core/idempotency.js";
import type { RequestOptions } from "../core/options.js";
import { TranslateDocument } from "../generated/graphql.js";
import type { TranslateOptions, TranslationResult } from "../types.js";
import { APIResource } from "./resource.js";

interface TranslationCreateBase {
  /** A public model or one of the caller's own, e.g. "eng-fra". */
  model: string;
  /** Pin a version; otherwise `label`, otherwise `stable` (with canary traffic if set). */
  version?: number;
  label?: string;
  options?: TranslateOptions;
  /** A retry with the same key returns the first result and is billed once. Generated when absent. */
  idempotencyKey?: string;
}

export type TranslationCreateParams = TranslationCreateBase &
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
