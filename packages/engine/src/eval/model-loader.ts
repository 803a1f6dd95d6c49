/** Loads a trained model for evaluation (the eval CLI depends only on this narrow interface). */
import { TranslationModel } from "../translator.js";
import type { RepetitionGuard } from "../decoding/repetition-guard.js";

export interface EvalTranslator {
  translate(texts: string[], options: { beamSize: number; repetitionGuard?: RepetitionGuard }): Promise<{ text: string }[]>;
}

export function loadTranslationModel(dir: string): Promise<EvalTranslator> {
  return TranslationModel.load(dir);
}
