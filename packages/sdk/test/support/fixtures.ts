import type { Dataset, Model, TranslationResult } from "../../src/index.js";

/** Objects shaped like the gateway's answers, for the scripted server to return. */
export function modelFixture(name: string): Model {
  return {
    id: `model-${name}`,
    name,
    sourceLanguage: "en",
    targetLanguage: "fr",
    description: "",
    visibility: "PUBLIC",
    canaryPercent: 0,
    createdAt: "2026-01-01T00:00:00.000Z",
    labels: [{ name: "stable", version: 1 }],
    versions: [],
  };
}

export function translationFixture(texts: string[]): TranslationResult {
  return {
    replayed: false,
    translations: texts.map((text) => ({
      text: text.toUpperCase(),
      inputCharacters: text.length,
      outputCharacters: text.length,
      billedCharacters: text.length,
      detectedSourceLanguage: null,
    })),
    model: { id: "model-eng-fra", name: "eng-fra", sourceLanguage: "en", targetLanguage: "fr" },
    modelVersion: { id: "version-1", version: 1, labels: ["stable"] },
    usage: { inputCharacters: 1, outputCharacters: 1, billedCharacters: 1, inputTokens: 1, outputTokens: 1 },
  };
}

export function datasetFixture(name: string): Dataset {
  return {
    id: `dataset-${name}`,
    name,
    sourceLanguage: "en",
    targetLanguage: "fr",
    checksum: "0".repeat(64),
    sizeBytes: 10,
    pairCount: 2,
    trainCount: 2,
    devCount: 0,
    testCount: 0,
    createdAt: "2026-01-01T00:00:00.000Z",
  };
}
