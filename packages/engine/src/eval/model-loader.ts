/**
 * Loads a trained model for evaluation through the engine's translator module. The module is imported at run time
 * so evaluation code does not depend on the model implementation at compile time.
 */

export interface EvalTranslator {
  translate(texts: string[], options: { beamSize: number }): Promise<{ text: string }[]>;
}

interface TranslatorModule {
  TranslationModel: { load(dir: string): Promise<EvalTranslator> };
}

export async function loadTranslationModel(dir: string): Promise<EvalTranslator> {
  const specifier = new URL("../translator.js", import.meta.url).href;
  let loaded: Partial<TranslatorModule>;
  try {
    loaded = (await import(specifier)) as Partial<TranslatorModule>;
  } catch (error) {
    const missing = (error as { code?: string }).code === "ERR_MODULE_NOT_FOUND" && String(error).includes("translator");
    if (!missing) throw error;
    throw new Error(`model support is not available: ${specifier} is missing from this build of @parley/engine`);
  }
  if (typeof loaded.TranslationModel?.load !== "function") {
    throw new Error(`${specifier} does not export TranslationModel.load(dir)`);
  }
  return loaded.TranslationModel.load(dir);
}
