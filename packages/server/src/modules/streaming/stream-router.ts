import express, { type NextFunction, type Request, type Response, type Router } from "express";
import { requireScope } from "../../auth/access.js";
import type { Caller } from "../../auth/authenticate.js";
import { BadUserInputError, GatewayError, QuotaExceededError } from "../../errors/gateway-errors.js";
import type { GatewayContext, GatewayServices } from "../../graphql/context.js";
import { billingPeriod, nextPeriodStart } from "../../limits/billing-period.js";
import { createLoaders } from "../../graphql/loaders.js";
import { requireUtf8 } from "../../http/error-responses.js";
import { countRateLimitOnce } from "../translate/rate-limit.js";
import { chooseModel } from "../translate/service.js";
import { withGlossary } from "../translate/glossary-option.js";
import { validateTranslateInput } from "../translate/validation.js";
import { errorBody, errorHeaders, openEventStream } from "./sse.js";
import { parseStreamBody } from "./stream-input.js";
import { takeConcurrencySlot } from "../translate/concurrency-slot.js";
import { streamTranslation } from "./stream-translation.js";

/**
 * `POST /v1/translations/stream`: translate's JSON input (`text` or `texts`), answered as server-sent events, one
 * `sentence` event per sentence as soon as the engine has it, then `done` with the usage (or `error`). The same key,
 * scope, validation, rate limit, concurrency slot and quota as translate, checked before the stream opens (a refusal
 * is a JSON error with translate's status). Billed once, for the whole input, when the last sentence is sent; if the
 * client goes away first, the engine stops after the sentence in hand and the reservation is released (not billed).
 */
export function createStreamRouter(services: GatewayServices): Router {
  const router = express.Router();
  router.post(
    "/v1/translations/stream",
    express.json({ limit: services.config.PARLEY_MAX_BODY_BYTES, verify: requireUtf8 }),
    async (request: Request, response: Response) => {
      const requestId = response.locals.requestId as string;
      const logger = services.logger.child({ requestId });
      let caller: Caller | null = null;
      const context: GatewayContext = {
        requestId, logger, services, caller, authError: undefined, rateLimit: undefined, loaders: createLoaders(services.prisma),
      };
      try {
        caller = await services.authenticator.authenticateBearer(request.headers.authorization);
        Object.assign(context, { caller });
        await openTranslationStream(context, requireScope(caller, "TRANSLATE"), request, response);
      } catch (error) {
        if (!(error instanceof GatewayError)) logger.error({ err: error }, "translation stream failed");
        if (response.headersSent) return void response.end();
        const status = error instanceof GatewayError ? error.status : 500;
        response.status(status).set({ ...errorHeaders(error), ...rateLimitHeaders(context) }).json(errorBody(error, requestId));
      }
    },
  );
  // Malformed JSON or a body over the limit: a JSON error like every other, never Express's HTML page.
  router.use("/v1/translations/stream", (error: { status?: number; type?: string }, _request: Request, response: Response, _next: NextFunction) => {
    const tooLarge = error.type === "entity.too.large";
    const message = tooLarge
      ? "The request body is too large."
      : error.type === "encoding.invalid"
        ? "The request body is not valid UTF-8."
        : "The request body is not valid JSON.";
    const code = tooLarge ? "PAYLOAD_TOO_LARGE" : "BAD_USER_INPUT";
    response.status(tooLarge ? 413 : 400).json({ errors: [{ message, extensions: { code } }] });
  });
  return router;
}

async function openTranslationStream(context: GatewayContext, caller: Caller, request: Request, response: Response): Promise<void> {
  const { services } = context;
  const { tenant, apiKey } = caller;
  const input = parseStreamBody(request.body);
  const translation = validateTranslateInput(input, tenant);
  if (translation.idempotencyKey) throw new BadUserInputError("Streams take no idempotencyKey: a stream cannot be replayed.");
  await countRateLimitOnce(context, caller);
  const releaseSlot = await takeConcurrencySlot(services, tenant);
  try {
    const { modelName, detected } = await chooseModel(context, tenant.id, translation);
    const serving = await services.servingVersions.resolve(tenant.id, modelName, input);
    const options = await withGlossary(context, tenant.id, translation.glossaryId, serving, translation.options);
    const period = billingPeriod();
    const outcome = await services.ledger.reserve({
      tenantId: tenant.id,
      apiKeyId: apiKey.id,
      modelVersionId: serving.version.id,
      characters: translation.totalBilledCharacters,
      idempotencyKey: null,
      period,
    });
    if (outcome.kind !== "reserved") {
      services.metrics.rejections.inc({ limit: "quota" });
      const used = await services.ledger.charactersUsed(tenant.id, period);
      const remaining = Math.max(0, Number(tenant.monthlyCharacterQuota) - used);
      throw new QuotaExceededError(translation.totalBilledCharacters, remaining, nextPeriodStart());
    }
    openEventStream(response, rateLimitHeaders(context));
    await streamTranslation({ context, serving, translation: { ...translation, options }, reservation: services.reservations.hold(outcome.reservation, context.logger), detected, response });
  } finally {
    await releaseSlot();
  }
}

function rateLimitHeaders({ rateLimit }: GatewayContext): Record<string, string> {
  if (!rateLimit) return {};
  return {
    "x-ratelimit-limit": String(rateLimit.limit),
    "x-ratelimit-remaining": String(rateLimit.remaining),
    "x-ratelimit-reset": String(rateLimit.resetSeconds),
  };
}
