import type { Response } from "express";
import { EngineUnavailable } from "../../engine/engine-unavailable.js";
import { EngineUnavailableError, GatewayError } from "../../errors/gateway-errors.js";
import type { GatewayContext } from "../../graphql/context.js";
import { codePoints } from "../../limits/billing-period.js";
import type { HeldReservation } from "../../limits/held-reservation.js";
import type { ServingVersion } from "../translate/model-resolution.js";
import type { ValidatedTranslation } from "../translate/validation.js";
import { splitSentences } from "./sentences.js";
import { errorBody, sendEvent } from "./sse.js";

export interface StreamJob {
  context: GatewayContext;
  serving: ServingVersion;
  translation: ValidatedTranslation;
  /** Held: its lease is renewed while the stream runs, so the sweeper never takes it from a long stream. */
  reservation: HeldReservation;
  detected: (string | null)[] | null;
  response: Response;
}

/**
 * Translates sentence by sentence, in order, sending each as a `sentence` event the moment the engine returns it,
 * then settles the reservation (billed once) and sends `done`. A client that disconnects stops the work after the
 * current sentence and is billed for the sentences it was sent (nothing, and the reservation released, when none
 * was); an engine failure releases it and sends `error`.
 */
export async function streamTranslation({ context, serving, translation, reservation, detected, response }: StreamJob): Promise<void> {
  const { services } = context;
  const { version, model } = serving;
  let clientGone = false;
  response.on("close", () => (clientGone = !response.writableFinished));
  const started = performance.now();
  const outputs: string[] = [];
  let inputTokens = 0;
  let outputTokens = 0;
  /** Characters of the source sentences whose translations were sent: what a client that leaves early pays for. */
  let delivered = 0;
  try {
    for (const [textIndex, text] of translation.texts.entries()) {
      let output = "";
      const sentences = splitSentences(text, detected?.[textIndex] ?? undefined);
      for (const [sentenceIndex, sentence] of sentences.entries()) {
        if (clientGone) break;
        const [result] = sentence.text
          ? await services.engine.translate({ id: version.id, artifactPath: version.artifactPath }, [sentence.text], translation.options)
          : [{ text: "", inputTokens: 0, outputTokens: 0 }];
        inputTokens += result!.inputTokens;
        outputTokens += result!.outputTokens;
        const translated = sentence.leading + result!.text + sentence.trailing;
        output += translated;
        if (clientGone) break;
        sendEvent(response, "sentence", { textIndex, sentenceIndex, source: sentence.text, text: translated });
        delivered += codePoints(sentence.leading + sentence.text + sentence.trailing);
      }
      outputs.push(output);
    }
  } catch (error) {
    await reservation.release();
    const failure =
      error instanceof EngineUnavailable
        ? new EngineUnavailableError(context.requestId)
        : new GatewayError(`Translation failed in the engine; nothing was billed (request ${context.requestId}).`, "INTERNAL_SERVER_ERROR", 500);
    context.logger.error({ err: error, modelVersionId: version.id }, "streamed translation failed; reservation released");
    sendEvent(response, "error", errorBody(failure, context.requestId));
    response.end();
    return;
  }
  if (clientGone) {
    // Billed for what it was sent, as an API that streams bills the output it generated; nothing if nothing was sent.
    const settlement = { outputCharacters: codePoints(outputs.join("")), inputTokens, outputTokens, latencyMs: Math.round(performance.now() - started), response: null };
    const billed = delivered > 0 && (await reservation.settle(settlement, delivered));
    if (!billed) await reservation.release();
    else services.metrics.billedCharacters.inc(Math.min(delivered, translation.totalBilledCharacters));
    context.logger.info({ modelVersionId: version.id, billedCharacters: billed ? delivered : 0 }, "stream client went away");
    return;
  }
  const translations = outputs.map((text, index) => ({
    text,
    inputCharacters: translation.characters[index]!,
    outputCharacters: codePoints(text),
    billedCharacters: translation.billedCharacters[index]!,
    detectedSourceLanguage: detected?.[index] ?? null,
  }));
  const usage = {
    inputCharacters: translation.totalCharacters,
    outputCharacters: translations.reduce((sum, t) => sum + t.outputCharacters, 0),
    billedCharacters: translation.totalBilledCharacters,
    inputTokens,
    outputTokens,
  };
  const billed = await reservation.settle({
    outputCharacters: usage.outputCharacters,
    inputTokens,
    outputTokens,
    latencyMs: Math.round(performance.now() - started),
    response: null, // a stream takes no idempotency key: nothing to replay
  });
  if (billed) services.metrics.billedCharacters.inc(translation.totalBilledCharacters);
  sendEvent(response, "done", {
    translations,
    model: { name: model.name, sourceLanguage: model.sourceLanguage, targetLanguage: model.targetLanguage },
    modelVersion: { version: version.version },
    usage,
  });
  response.end();
}
