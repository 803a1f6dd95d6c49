import { createHash } from "node:crypto";
import type { Tenant } from "../../db/generated/client.js";
import type { EngineDecodeOptions } from "../../engine/translation-engine.js";
import { BadUserInputError } from "../../errors/gateway-errors.js";
import type { TranslateInput } from "../../graphql/generated/resolvers-types.js";
import { codePoints } from "../../limits/billing-period.js";
import { planMarkup, type MarkupPlan, type TextFormat } from "../markup/markup-plan.js";
import { validateRouting, type Routing } from "./routing.js";
import { AUTO_DETECT } from "../languages/language-codes.js";

export interface ValidatedTranslation {
  texts: string[];
  /** Code points per text, in order. */
  characters: number[];
  totalCharacters: number;
  options: EngineDecodeOptions;
  idempotencyKey: string | null;
  routing: Routing;
  format: TextFormat;
  /** The caller's glossary to apply (checked against the tenant and the model once they are known). */
  glossaryId: string | null;
  /** Per text: what the engine translates and how its output is put back (markup), and what is billed. */
  plans: MarkupPlan[];
  /** Code points billed per text: those of its segments. */
  billedCharacters: number[];
  totalBilledCharacters: number;
  /** Hash of what was asked, to refuse an idempotency key reused for another request. */
  fingerprint: string;
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;
const MAX_BEAM = 8;
const MAX_OUTPUT_TOKENS = 512;

/** The batch limits of translate and detectLanguage: 1 to maxBatchSize texts, each at most maxTextLength code points. */
export function validateTexts(texts: readonly string[], tenant: Tenant): number[] {
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
  return characters;
}

/** The first limits, before any store or engine is touched: batch, text length, options. */
export function validateTranslateInput(input: TranslateInput, tenant: Tenant): ValidatedTranslation {
  const { texts } = input;
  const characters = validateTexts(texts, tenant);
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
  const routing = validateRouting(input);
  const glossaryId = input.glossaryId ?? null;
  if (glossaryId !== null && (routing.kind === "model" ? routing.detect : routing.sourceLanguage === AUTO_DETECT)) {
    throw new BadUserInputError(`A glossary needs a known source language: give sourceLanguage, not "${AUTO_DETECT}".`, { field: "glossaryId" });
  }
  const format = input.format ?? "TEXT";
  const plans = texts.map((text) => planMarkup(text, format));
  const billedCharacters = plans.map((plan) => plan.segments.reduce((sum, segment) => sum + codePoints(segment), 0));
  const asked: unknown[] = [input.model ?? null, input.version ?? null, input.label ?? null, options, texts];
  // Appended only when used, so the fingerprints of plain requests stay what they were.
  if (routing.kind === "languages" || routing.detect || format !== "TEXT") asked.push(routing, format);
  if (glossaryId !== null) asked.push({ glossaryId });
  const fingerprint = createHash("sha256").update(JSON.stringify(asked)).digest("hex");
  return {
    texts,
    characters,
    totalCharacters: characters.reduce((sum, count) => sum + count, 0),
    options,
    idempotencyKey,
    routing,
    format,
    glossaryId,
    plans,
    billedCharacters,
    totalBilledCharacters: billedCharacters.reduce((sum, count) => sum + count, 0),
    fingerprint,
  };
}
