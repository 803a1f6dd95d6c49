export { Parley } from "./client.js";
export { APIPromise, type APIResponse } from "./core/api-promise.js";
export { Page, PagePromise, type Connection, type PageInfo } from "./core/pagination.js";
export type { ClientOptions, Fetch, RequestOptions } from "./core/options.js";
export type { Operation } from "./core/graphql.js";
export type { HttpRequest } from "./core/transport.js";
export type { Uploadable } from "./core/uploads.js";
export {
  APIConnectionError,
  APIError,
  APITimeoutError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  ParleyError,
  PermissionDeniedError,
  QuotaExceededError,
  RateLimitError,
  type GraphQLErrorItem,
} from "./core/errors.js";
export {
  TranslationStream,
  type TranslationCreateParams,
  type TranslationRouting,
  type TranslationStreamDone,
  type TranslationStreamParams,
  type TranslationStreamPart,
  type TranslationStreamSentence,
} from "./resources/translations.js";
export type { LanguageDetectParams } from "./resources/languages.js";
export type { GlossaryEntryListParams } from "./resources/glossaries.js";
export type { ListParams } from "./resources/models.js";
export type { DatasetUploadParams } from "./resources/datasets.js";
export type { DocumentUploadParams, DocumentWaitOptions } from "./resources/documents.js";
export type { TrainingJobListParams, WaitOptions } from "./resources/training-jobs.js";
export type { UsageRetrieveParams } from "./resources/usage.js";
export type * from "./types.js";
