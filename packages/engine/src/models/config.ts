import { z } from "zod";

const common = {
  vocabSize: z.number().int().min(4),
  /** Longest source or target sequence in tokens, including BOS/EOS. */
  maxLength: z.number().int().min(4).max(4096),
  dropout: z.number().min(0).max(0.9),
};

export const transformerConfigSchema = z.object({
  arch: z.literal("transformer"),
  ...common,
  modelDim: z.number().int().positive(),
  heads: z.number().int().positive(),
  ffDim: z.number().int().positive(),
  encoderLayers: z.number().int().min(1),
  decoderLayers: z.number().int().min(1),
}).refine((c) => c.modelDim % c.heads === 0, { message: "modelDim must be divisible by heads" });

export const lstmConfigSchema = z.object({
  arch: z.literal("lstm"),
  ...common,
  embedDim: z.number().int().positive(),
  /** Decoder state size; the bidirectional encoder uses hiddenSize / 2 per direction. */
  hiddenSize: z.number().int().positive().multipleOf(2),
  encoderLayers: z.number().int().min(1),
  decoderLayers: z.number().int().min(1),
});

export const modelConfigSchema = z.union([transformerConfigSchema, lstmConfigSchema]);

export type TransformerConfig = z.infer<typeof transformerConfigSchema>;
export type LstmConfig = z.infer<typeof lstmConfigSchema>;
export type ModelConfig = z.infer<typeof modelConfigSchema>;
export type Architecture = ModelConfig["arch"];
export type PresetName = "tiny" | "small" | "base";

type WithoutVocab<T> = Omit<T, "vocabSize">;

/** Size presets. `tiny` is for tests and smoke runs; `small` trains on 2 CPU cores; `base` wants more. */
export const modelPresets: {
  transformer: Record<PresetName, WithoutVocab<TransformerConfig>>;
  lstm: Record<PresetName, WithoutVocab<LstmConfig>>;
} = {
  transformer: {
    tiny: { arch: "transformer", modelDim: 64, heads: 4, ffDim: 128, encoderLayers: 2, decoderLayers: 2, dropout: 0.1, maxLength: 64 },
    small: { arch: "transformer", modelDim: 256, heads: 4, ffDim: 1024, encoderLayers: 3, decoderLayers: 3, dropout: 0.1, maxLength: 128 },
    base: { arch: "transformer", modelDim: 512, heads: 8, ffDim: 2048, encoderLayers: 6, decoderLayers: 6, dropout: 0.1, maxLength: 256 },
  },
  lstm: {
    tiny: { arch: "lstm", embedDim: 64, hiddenSize: 128, encoderLayers: 1, decoderLayers: 1, dropout: 0.1, maxLength: 64 },
    small: { arch: "lstm", embedDim: 256, hiddenSize: 512, encoderLayers: 1, decoderLayers: 1, dropout: 0.2, maxLength: 128 },
    base: { arch: "lstm", embedDim: 512, hiddenSize: 1024, encoderLayers: 2, decoderLayers: 2, dropout: 0.3, maxLength: 256 },
  },
};

export function presetConfig(arch: Architecture, preset: PresetName, vocabSize: number): ModelConfig {
  return modelConfigSchema.parse({ ...modelPresets[arch][preset], vocabSize });
}

/** Validates an untrusted config (e.g. read from config.json) with a readable error. */
export function parseModelConfig(value: unknown): ModelConfig {
  const result = modelConfigSchema.safeParse(value);
  if (!result.success) throw new Error(`invalid model config: ${z.prettifyError(result.error)}`);
  return result.data;
}
