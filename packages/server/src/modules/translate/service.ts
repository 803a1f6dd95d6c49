import { requireScope } from "../../auth/access.js";
import { EngineUnavailable } from "../../engine/engine-unavailable.js";
import { isDatabaseUnavailable } from "../../db/connection-errors.js";
import {
  BadUserInputError,
  DatabaseUnavailableError,
  EngineUnavailableError,
  GatewayError,
  QuotaExceededError,
} from "../../errors/gateway-errors.js";
import type { GatewayContext } from "../../graphql/context.js";
import type { TranslateInput } from "../../graphql/generated/resolvers-types.js";
import { billingPeriod, codePoints, nextPeriodStart } from "../../limits/billing-period.js";
import type { HeldReservation } from "../../limits/held-reservation.js";
import type { Settlement } from "../../limits/usage-ledger.js";
import { AUTO_DETECT } from "../languages/language-codes.js";
import { detectBatchLanguage, modelNameForPair } from "../languages/service.js";
import { awaitEarlierResult } from "./idempotency.js";
import { countRateLimitOnce } from "./rate-limit.js";
import type { ServingVersion } from "./model-resolution.js";
import { toStoredResponse, type TranslateResult } from "./stored-response.js";
import { takeConcurrencySlot } from "./concurrency-slot.js";
import { validateTranslateInput, type ValidatedTranslation } from "./validation.js";
import { withGlossary } from "./glossary-option.js";

const DUPLICATE_WAIT_MS = 30_000;
const MAX_RESERVE_ATTEMPTS = 3;

/**
 * translate: every limit is checked before the engine runs, cheapest first:
 * input validation, the key's rate limit, the tenant's concurrency, then the
 * monthly quota reserved atomically with the ledger row. The row is settled
 * once the answer was delivered (the response finished); a failure, or a
 * client gone before the answer reached it, releases it: nothing is billed.
 * PostgreSQL unreachable: 503 SERVICE_UNAVAILABLE, nothing billed.
 */
export async function translate(context: GatewayContext, input: TranslateInput): Promise<TranslateResult> {
  const caller = requireScope(context.caller, "TRANSLATE");
  const { tenant } = caller;
  const { services } = context;
  const request = validateTranslateInput({ ...input, idempotencyKey: input.idempotencyKey ?? context.idempotencyKey ?? null }, tenant);
  services.metrics.requestBatchSize.observe(request.texts.length);
  await countRateLimitOnce(context, context.caller!);

  const releaseSlot = await takeConcurrencySlot(services, tenant);
  try {
    return await reserveAndTranslate(context, input, request);
  } catch (error) {
    if (!(error instanceof GatewayError) && isDatabaseUnavailable(error)) {
      context.logger.warn({ err: error }, "database unavailable during translate");
      throw new DatabaseUnavailableError(context.requestId);
    }
    throw error;
  } finally {
    await releaseSlot();
  }
}

/**
 * With an idempotency key, the reservation itself finds an earlier request: the key is unique in the ledger, so a
 * retry's reservation fails as a duplicate (writing nothing) and the earlier result is replayed or awaited. A retry
 * refused before it could reserve (over quota, its model archived since) replays an earlier success instead. No
 * lookup precedes the reservation, so a first attempt, the common case, costs no round trip for its key.
 */
async function reserveAndTranslate(context: GatewayContext, input: TranslateInput, request: ValidatedTranslation): Promise<TranslateResult> {
  const { services } = context;
  const { tenant, apiKey } = context.caller!;
  const { idempotencyKey, fingerprint } = request;
  const earlier = () => awaitEarlierResult(services.prisma, services.ledger, tenant.id, idempotencyKey!, fingerprint, DUPLICATE_WAIT_MS);
  const replayOr = async (error: unknown): Promise<TranslateResult> => {
    const replay = idempotencyKey && error instanceof GatewayError ? await earlier() : undefined;
    if (replay) return replay;
    throw error;
  };

  let prepared: Awaited<ReturnType<typeof prepare>>;
  try {
    prepared = await prepare(context, input, request);
  } catch (error) {
    return replayOr(error);
  }
  const { serving, options, detected } = prepared;
  const period = billingPeriod();
  for (let attempt = 1; attempt <= MAX_RESERVE_ATTEMPTS; attempt += 1) {
    const outcome = await services.ledger.reserve({
      tenantId: tenant.id,
      apiKeyId: apiKey.id,
      modelVersionId: serving.version.id,
      characters: request.totalBilledCharacters,
      idempotencyKey,
      period,
    });
    if (outcome.kind === "reserved") {
      return runEngine(context, serving, { ...request, options }, services.reservations.hold(outcome.reservation, context.logger), detected);
    }
    if (outcome.kind === "quota_exceeded") {
      services.metrics.rejections.inc({ limit: "quota" });
      const used = await services.ledger.charactersUsed(tenant.id, period);
      const remaining = Math.max(0, Number(tenant.monthlyCharacterQuota) - used);
      return replayOr(new QuotaExceededError(request.totalBilledCharacters, remaining, nextPeriodStart()));
    }
    if (!idempotencyKey) break; // a duplicate needs an idempotency key; nothing else is unique
    const replay = await earlier();
    if (replay) return replay;
  }
  throw new GatewayError("This idempotency key is contended; retry later.", "CONFLICT", 409);
}

/** The serving version, the engine options (glossary applied) and the detected languages of a request. */
async function prepare(context: GatewayContext, input: TranslateInput, request: ValidatedTranslation) {
  const { services } = context;
  const tenantId = context.caller!.tenant.id;
  const { modelName, detected } = await chooseModel(context, tenantId, request);
  const serving = await services.servingVersions.resolve(tenantId, modelName, input);
  primeLoaders(context, serving);
  const options = await withGlossary(context, tenantId, request.glossaryId, serving, request.options);
  return { serving, options, detected };
}

async function runEngine(
  context: GatewayContext,
  { model, version }: ServingVersion,
  request: ValidatedTranslation,
  held: HeldReservation,
  detected: (string | null)[] | null,
): Promise<TranslateResult> {
  const { services, delivery } = context;
  // A client gone before its answer (or cut by shutdown) gets its characters back at once.
  void delivery?.delivered.then((delivered) => delivered || held.release());
  const started = performance.now();
  const segments = request.plans.flatMap((plan) => plan.segments);
  let outputs;
  try {
    outputs =
      segments.length === 0 ? [] : await services.engine.translate({ id: version.id, artifactPath: version.artifactPath }, segments, request.options);
    if (outputs.length !== segments.length) throw new Error(`engine returned ${outputs.length} results for ${segments.length} texts`);
  } catch (error) {
    await held.release();
    if ((error as { code?: unknown }).code === "GLOSSARY_UNSUPPORTED") {
      throw new BadUserInputError(`Model ${model.name} version ${version.version} was trained without placeholders and cannot apply a glossary.`, { field: "glossaryId" });
    }
    if (error instanceof EngineUnavailable) {
      context.logger.warn({ err: error, modelVersionId: version.id }, "no engine answered; reservation released");
      throw new EngineUnavailableError(context.requestId);
    }
    context.logger.error({ err: error, modelVersionId: version.id }, "translation failed in the engine; reservation released");
    throw new GatewayError(
      `Translation failed in the engine; nothing was billed (request ${context.requestId}).`,
      "INTERNAL_SERVER_ERROR",
      500,
      { requestId: context.requestId },
    );
  }
  const latencyMs = Math.round(performance.now() - started);
  let next = 0;
  const translations = request.plans.map((plan, index) => {
    const text = plan.rebuild(outputs.slice(next, (next += plan.segments.length)).map((output) => output.text));
    return {
      text,
      inputCharacters: request.characters[index]!,
      outputCharacters: codePoints(text),
      billedCharacters: request.billedCharacters[index]!,
      detectedSourceLanguage: detected?.[index] ?? null,
    };
  });
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
  const usage = {
    inputCharacters: request.totalCharacters,
    outputCharacters: sum(translations.map((t) => t.outputCharacters)),
    billedCharacters: request.totalBilledCharacters,
    inputTokens: sum(outputs.map((o) => o.inputTokens)),
    outputTokens: sum(outputs.map((o) => o.outputTokens)),
  };
  const result: TranslateResult = { translations, model, modelVersion: version, usage, replayed: false };
  const settle = async () => {
    const billed = await held.settle({
      outputCharacters: usage.outputCharacters,
      inputTokens: usage.inputTokens,
      outputTokens: usage.outputTokens,
      latencyMs,
      response: toStoredResponse(result, request.fingerprint, request.idempotencyKey) as Settlement["response"],
    });
    if (billed) services.metrics.billedCharacters.inc(request.totalBilledCharacters);
    return billed;
  };
  // Billed only once the answer is delivered; without an HTTP response to watch, at once.
  if (!delivery) await settle();
  else void delivery.delivered.then((delivered) => (delivered ? settle() : held.release()));
  return result;
}

/** What resolution read is what the answer's model, modelVersion and labels fields show: no query for them. */
function primeLoaders({ loaders }: GatewayContext, { model, version, labels }: ServingVersion): void {
  loaders.modelById.prime(model.id, model);
  loaders.versionById.prime(version.id, version);
  loaders.labelNamesByVersion.prime(version.id, labels);
}

/**
 * The model a request names, or the one serving its language pair (own before public). With sourceLanguage "auto"
 * each text's language is detected; the batch goes to the model of the language with the most characters.
 */
export async function chooseModel(
  context: GatewayContext,
  tenantId: string,
  request: ValidatedTranslation,
): Promise<{ modelName: string; detected: (string | null)[] | null }> {
  const { routing } = request;
  const wantsDetection = routing.kind === "model" ? routing.detect : routing.sourceLanguage === AUTO_DETECT;
  const detection = wantsDetection
    ? await detectBatchLanguage(
        context,
        tenantId,
        request.plans.map((plan) => plan.segments.join("\n")),
        request.billedCharacters,
      )
    : null;
  if (routing.kind === "model") return { modelName: routing.model, detected: detection?.perText ?? null };
  const source = detection?.batch ?? routing.sourceLanguage;
  return { modelName: await modelNameForPair(context, tenantId, source, routing.targetLanguage), detected: detection?.perText ?? null };
}
