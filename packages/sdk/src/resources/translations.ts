import type { APIPromise } from "../core/api-promise.js";
import { ParleyError } from "../core/errors.js";
import { serverSentEvents } from "../core/event-stream.js";
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
  /** One of the caller's glossaries (`glossaries.create`) for the model's language pair: its terms come out as given. */
  glossaryId?: string;
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

  /** POST /v1/translations/stream: the translation sentence by sentence, as an async iterator (see TranslationStream). */
  stream(params: TranslationStreamParams, options?: RequestOptions): TranslationStream {
    return new TranslationStream(() => this.client.openStream("/v1/translations/stream", params, options));
  }
}

/** Streamed translation: translate's routing and options for plain text; no idempotency key, no markup. */
export type TranslationStreamParams = Omit<TranslationCreateBase, "idempotencyKey" | "format"> &
  TranslationRouting &
  ({ texts: string[]; text?: never } | { text: string; texts?: never });

/** One translated sentence, sent as soon as the engine has it. `text` keeps the whitespace around the sentence. */
export interface TranslationStreamSentence {
  type: "sentence";
  textIndex: number;
  sentenceIndex: number;
  source: string;
  text: string;
}

/** The last part: every text whole, the model and the usage billed (once). */
export interface TranslationStreamDone {
  type: "done";
  translations: { text: string; inputCharacters: number; outputCharacters: number; billedCharacters: number; detectedSourceLanguage: string | null }[];
  model: { name: string; sourceLanguage: string; targetLanguage: string };
  modelVersion: { version: number };
  usage: TranslationResult["usage"];
}

export type TranslationStreamPart = TranslationStreamSentence | TranslationStreamDone;

/**
 * `for await (const part of client.translations.stream(...))`: the sentences as they are translated, then `done`.
 * Leaving the loop early (break, return, an exception) closes the connection; the server then stops and bills
 * nothing. Refusals (quota, rate limit, unknown model...) are thrown as the typed errors before the first part.
 */
export class TranslationStream implements AsyncIterable<TranslationStreamPart> {
  constructor(private readonly open: () => Promise<Response>) {}

  async *[Symbol.asyncIterator](): AsyncIterator<TranslationStreamPart> {
    for await (const { event, data } of serverSentEvents(await this.open())) {
      if (event === "sentence" || event === "done") yield { type: event, ...(data as object) } as TranslationStreamPart;
    }
  }

  /** Reads the stream to its end and returns the `done` part. */
  async finalResult(): Promise<TranslationStreamDone> {
    let done: TranslationStreamDone | undefined;
    for await (const part of this) if (part.type === "done") done = part;
    if (!done) throw new ParleyError("The translation stream ended without its result.");
    return done;
  }
}
