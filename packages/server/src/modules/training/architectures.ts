import { modelPresets } from "@parley/engine/data";

/** The GraphQL enum of model architectures. */
export type ArchitectureEnum = "TRANSFORMER" | "LSTM";

/** The engine's name of an architecture, as stored in TrainingJob and ModelVersion. */
export type ArchitectureName = "transformer" | "lstm";

/** The engine's presets per architecture (from @parley/engine/data: no TensorFlow.js in the gateway). */
const PRESETS: Record<ArchitectureName, readonly string[]> = {
  transformer: Object.keys(modelPresets.transformer),
  lstm: Object.keys(modelPresets.lstm),
};

export function architectureName(value: ArchitectureEnum): ArchitectureName {
  return value === "LSTM" ? "lstm" : "transformer";
}

export function architectureEnum(name: string): ArchitectureEnum {
  return name === "lstm" ? "LSTM" : "TRANSFORMER";
}

export function presetNames(architecture: ArchitectureName): readonly string[] {
  return PRESETS[architecture];
}

export function isKnownPreset(architecture: ArchitectureName, preset: string): boolean {
  return PRESETS[architecture].includes(preset);
}
