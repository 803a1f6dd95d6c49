import type { Database } from "../../db/client.js";
import type { Model, ModelVersion, UsageRecord } from "../../db/generated/client.js";
import { ConflictError } from "../../errors/gateway-errors.js";
import type { Translation, TranslationUsage } from "../../graphql/generated/resolvers-types.js";

/** What a translate call returns (Model and ModelVersion as Prisma rows). */
export interface TranslateResult {
  translations: Translation[];
  model: Model;
  modelVersion: ModelVersion;
  usage: TranslationUsage;
  replayed: boolean;
}

/** Kept in UsageRecord.response, so a retry with the same idempotency key gets the same answer. */
export interface StoredResponse {
  fingerprint: string;
  modelId: string;
  modelVersionId: string;
  translations: Translation[];
  usage: TranslationUsage;
}

/**
 * What a settlement keeps for replays: the response of a request with an idempotency key; null without one (nothing
 * can ask for it again, so the ledger row stays small).
 */
export function toStoredResponse(result: TranslateResult, fingerprint: string, idempotencyKey: string | null): StoredResponse | null {
  if (!idempotencyKey) return null;
  return {
    fingerprint,
    modelId: result.model.id,
    modelVersionId: result.modelVersion.id,
    translations: result.translations,
    usage: result.usage,
  };
}

/** The first result for a settled idempotent request, refused if the key was used for a different request. */
export async function replayStoredResponse(prisma: Database, record: UsageRecord, fingerprint: string): Promise<TranslateResult> {
  const stored = record.response as unknown as StoredResponse;
  if (stored.fingerprint !== fingerprint) {
    throw new ConflictError("This idempotency key was already used for a different request.");
  }
  const modelVersion = await prisma.modelVersion.findUniqueOrThrow({
    where: { id: stored.modelVersionId },
    include: { model: true },
  });
  const { model, ...version } = modelVersion;
  return { translations: stored.translations, usage: stored.usage, model, modelVersion: version, replayed: true };
}
