import { createHash } from "node:crypto";
import type { Tenant } from "../../db/generated/client.js";
import type { EngineDecodeOptions } from "../../engine/translation-engine.js";
import { BadUserInputError } from "../../errors/gateway-errors.js";
import type { TranslateInput } from "../../graphql/generated/resolvers-types.js";
import { codePoints } from "../../limits/billing-period.js";

export interface ValidatedTranslation {
  texts: string[];
  /** Code points per text, in order. */
  characters: number[];
  totalCharacters: number;
  options: EngineDecodeOptions;
  idempotencyKey: string | null;
  /** Hash of what was asked, to refuse an idempotency key reused for another request. */
  fingerprint: string;
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;
const MAX_BEAM = 8;
const MAX_OUTPUT_TOKENS = 512;

/** The first limits, before any store or engine is touched: batch, text length, options. */
export function validateTranslateInput(input: TranslateInput, tenant: Tenant): ValidatedTranslation {
  const { texts } = input;
  if (texts.length === 0) throw new BadUserInputError("texts must contain at least one text.", { field: "texts" });
  if (texts.length > tenant.maxBatchSize) {
    throw new BadUserInputError(`At most ${tenant.maxBatchSize} texts per request; got ${texts.length}.`, {
      field: "texts",
      limit: tenant.maxBatchSize,
    });
  }
  const characters = texts.map(codePoints);
  const tooLong = characters.findIndex((count) => count > tenant.maxTextLength);
  if (tooLong >= 0) {
    throw new BadUserInputError(
      `texts[${tooLong}] has ${characters[tooLong]} characters; the limit is ${tenant.maxTextLength}.`,
      { field: "texts", index: tooLong, limit: tenant.maxTextLength },
    );
  }
  const options: EngineDecodeOptions = {};
  const { beamSize, maxLength } = input.options ?? {};
  if (beamSize !== null && beamSize !== undefined) {
    if (beamSize < 1 || beamSize > MAX_BEAM) throw new BadUserInputError(`options.beamSize must be 1-${MAX_BEAM}.`);
    options.beamSize = beamSize;
  }
  if (maxLength !== null && maxLength !== undefined) {
    if (maxLength < 1 || maxLength > MAX_OUTPUT_TOKENS) throw new BadUserInputError(`options.maxLength must be 1-${MAX_OUTPUT_TOKENS}.`);
    options.maxLength = maxLength;
  }
  if (input.version !== null && input.version !== undefined && input.label !== null && input.label !== undefined) {
    throw new BadUserInputError("Give either version or label, not both.");
  }
  const idempotencyKey = input.idempotencyKey ?? null;
  if (idempotencyKey !== null && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
    throw new BadUserInputError("idempotencyKey must be 1-255 printable ASCII characters without spaces.");
  }
  const fingerprint = createHash("sha256")
    .update(JSON.stringify([input.model, input.version ?? null, input.label ?? null, options, texts]))
    .digest("hex");
  return {
    texts,
    characters,
    totalCharacters: characters.reduce((sum, count) => sum + count, 0),
    options,
    idempotencyKey,
    fingerprint,
  };
}
