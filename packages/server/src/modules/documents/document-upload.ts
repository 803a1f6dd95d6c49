import type { Caller } from "../../auth/authenticate.js";
import { BadUserInputError, QuotaExceededError } from "../../errors/gateway-errors.js";
import type { GatewayContext } from "../../graphql/context.js";
import { billingPeriod, nextPeriodStart } from "../../limits/billing-period.js";
import { AUTO_DETECT } from "../languages/language-codes.js";
import { modelNameForPair } from "../languages/service.js";
import { validateRouting } from "../translate/routing.js";
import { decodeDocument, parseDocumentFields } from "./document-fields.js";
import { documentFormat } from "./document-format.js";
import { planDocument } from "./document-plan.js";
import { reserveAndInsertDocument } from "./document-reservation.js";

export interface UploadedDocument {
  bytes: Buffer;
  /** The multipart part's file name, if the client sent one. */
  filename: string | undefined;
}

/**
 * Accepts an uploaded document: fields checked, format inferred, text decoded and planned (sentences counted and
 * billed characters known before any work), model and version chosen as translate chooses them (`model`, or
 * `sourceLanguage` + `targetLanguage`; "auto" is refused: a document names its language), then the characters
 * reserved and the QUEUED document inserted in one statement. Over the remaining quota: QUOTA_EXCEEDED (429),
 * nothing reserved, nothing stored. Returns the new document's id.
 */
export async function acceptDocument(
  context: GatewayContext,
  caller: Caller,
  rawFields: Record<string, string>,
  upload: UploadedDocument,
): Promise<string> {
  const { services } = context;
  const { tenant, apiKey } = caller;
  const fields = parseDocumentFields(rawFields);
  const filename = fields.filename ?? upload.filename ?? "";
  const format = documentFormat(fields.format, filename);
  if (fields.sourceLanguage === AUTO_DETECT) {
    throw new BadUserInputError("Documents need their sourceLanguage: detection is not offered for documents.", { field: "sourceLanguage" });
  }
  const { model, sourceLanguage, targetLanguage, version } = fields;
  const routing = validateRouting({ texts: [], model, sourceLanguage, targetLanguage, version });
  if (fields.version !== undefined && fields.label !== undefined) throw new BadUserInputError("Give either version or label, not both.");
  const plan = planDocument(decodeDocument(upload.bytes), format);
  const modelName =
    routing.kind === "model" ? routing.model : await modelNameForPair(context, tenant.id, String(routing.sourceLanguage), routing.targetLanguage);
  const serving = await services.servingVersions.resolve(tenant.id, modelName, fields);
  const period = billingPeriod();
  const accepted = await reserveAndInsertDocument(services.sql.durable, {
    tenantId: tenant.id,
    apiKeyId: apiKey.id,
    modelVersionId: serving.version.id,
    filename: filename || `document.${format === "MARKDOWN" ? "md" : format === "HTML" ? "html" : "txt"}`,
    format,
    source: upload.bytes,
    segmentCount: plan.segments.length,
    billedCharacters: plan.billedCharacters,
    period,
  });
  if (!accepted) {
    services.metrics.rejections.inc({ limit: "quota" });
    const used = await services.ledger.charactersUsed(tenant.id, period);
    const remaining = Math.max(0, Number(tenant.monthlyCharacterQuota) - used);
    throw new QuotaExceededError(plan.billedCharacters, remaining, nextPeriodStart());
  }
  return accepted.id;
}
