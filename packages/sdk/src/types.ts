/** Friendly names for the API's objects, as the SDK's operations select them. */
import type {
  ApiKeyFieldsFragment,
  DetectLanguageQuery,
  GlossaryFieldsFragment,
  ListGlossaryEntriesQuery,
  ListLanguagesQuery,
  CreateApiKeyMutation,
  RotateApiKeyMutation,
  DatasetFieldsFragment,
  DocumentFieldsFragment,
  ModelFieldsFragment,
  ModelVersionFieldsFragment,
  ModelVersionRefFieldsFragment,
  RetrieveUsageQuery,
  TenantFieldsFragment,
  TrainingJobFieldsFragment,
  TranslateMutation,
  UsageGroupFieldsFragment,
  ViewerQuery,
} from "./generated/graphql.js";

export type {
  ApiKeyScope,
  CreateApiKeyInput,
  CreateGlossaryInput,
  GlossaryEntriesFormat,
  GlossaryEntryInput,
  CreateModelInput,
  CreateTenantInput,
  DocumentFormat,
  DocumentStatus,
  ModelArchitecture,
  ModelVersionStatus,
  ModelVisibility,
  PromoteModelVersionInput,
  StartFromInput,
  TextFormat,
  TrainModelInput,
  TrainingJobStatus,
  TranslateOptions,
  UpdateTenantLimitsInput,
  UsageGroupBy,
} from "./generated/graphql.js";

export type Model = ModelFieldsFragment;
export type ModelVersion = ModelVersionFieldsFragment;
/** A version named by its model (e.g. the public model a version was fine-tuned from). */
export type ModelVersionRef = ModelVersionRefFieldsFragment;
export type Dataset = DatasetFieldsFragment;
/** A document translated asynchronously (documents.upload → retrieve/waitForCompletion → download). */
export type Document = DocumentFieldsFragment;
export type TrainingJob = TrainingJobFieldsFragment;
export type Tenant = TenantFieldsFragment;
export type ApiKey = ApiKeyFieldsFragment;
/** The whole key (shown once) and its record. */
export type CreatedApiKey = CreateApiKeyMutation["createApiKey"];
/** A rotated key: the new whole key (shown once) and record, and the old key (revoked, or expiring). */
export type RotatedApiKey = RotateApiKeyMutation["rotateApiKey"];
/** One dev evaluation of a training job (step, dev loss, dev BLEU). */
export type TrainingEvaluation = TrainingJob["evaluations"][number];
export type UsageReport = RetrieveUsageQuery["usage"];
export type UsageGroup = UsageGroupFieldsFragment;
export type TranslationResult = TranslateMutation["translate"];
export type Translation = TranslationResult["translations"][number];
export type Viewer = ViewerQuery["viewer"];
/** A language pair the caller can translate and the model serving it. */
export type LanguagePair = ListLanguagesQuery["languages"][number];
/** The language detected in one text, with a 0-1 confidence. */
export type DetectedLanguage = DetectLanguageQuery["detectLanguage"][number];
/** A tenant's glossary (its entries are paged: `glossaries.entries(id)`). */
export type Glossary = GlossaryFieldsFragment;
export type GlossaryEntry = ListGlossaryEntriesQuery["glossary"]["entries"][number];
