// Public API of @parley/engine.
export { initBackend, type BackendInfo, type BackendName } from "./backend/init-backend.js";
export {
  TranslationModel, type TranslateOptions, type Translation, type ModelInfo,
} from "./translator.js";
export { trainModel, type TrainModelOptions, type TrainModelResult, type TextPair } from "./training/train-model.js";
export type { TrainingProgress, TrainingResult, StopReason } from "./training/progress.js";
export {
  modelPresets, presetConfig, parseModelConfig,
  type ModelConfig, type TransformerConfig, type LstmConfig, type Architecture, type PresetName,
} from "./models/config.js";
export { ArtifactIntegrityError } from "./artifacts/checksum.js";
export type { Tokenizer, TokenizerCodec } from "./artifacts/tokenizer-codec.js";

// Lower-level pieces, for evaluation tools and benchmarks.
export { createModel } from "./models/create-model.js";
export type { Seq2SeqModel, DecoderState } from "./models/seq2seq-model.js";
export { train, type TrainerOptions } from "./training/trainer.js";
export type { TokenPair } from "./training/batching.js";
export { greedyDecode } from "./decoding/greedy.js";
export { beamSearch } from "./decoding/beam-search.js";
export type { Hypothesis, LengthLimit } from "./decoding/scoring.js";

// Text, data and evaluation (src/text, src/data, src/eval).
export * from "./text/bpe-tokenizer.js";
export * from "./text/sentence-splitter.js";
export * from "./data/tsv-corpus.js";
export * from "./data/corpus-split.js";
export * from "./data/string-hash.js";
export * from "./eval/bleu.js";
export * from "./eval/chrf.js";
export * from "./eval/scores.js";
