// Public API of @parley/engine.
export { initBackend, NativeKernelsRequiredError, type BackendInfo, type BackendName } from "./backend/init-backend.js";
export {
  TranslationModel, type TranslateOptions, type Translation, type ModelInfo,
} from "./translator.js";
export { trainModel, type TrainModelOptions, type TrainModelResult, type TextPair } from "./training/train-model.js";
export type { TrainingProgress, TrainingResult, StopReason } from "./training/progress.js";
export {
  modelPresets, presetConfig, parseModelConfig,
  type ModelConfig, type TransformerConfig, type LstmConfig, type Architecture, type PresetName,
} from "./models/config.js";
export { ArtifactIntegrityError, verifyChecksums, writeChecksums, CHECKSUM_FILE } from "./artifacts/checksum.js";
export { quantizeArtifact } from "./artifacts/quantize-artifact.js";
export { verifyArtifact } from "./artifacts/model-artifact.js";
export { InitFromMismatchError } from "./training/init-from-mismatch-error.js";
export { bpeTokenizerCodec, type Tokenizer, type TokenizerCodec } from "./artifacts/tokenizer-codec.js";

// Lower-level pieces, for evaluation tools and benchmarks.
export { createModel } from "./models/create-model.js";
export type { Seq2SeqModel, DecoderState } from "./models/seq2seq-model.js";
export { train, type TrainerOptions } from "./training/trainer.js";
export type { TokenPair } from "./training/batching.js";
export { greedyDecode } from "./decoding/greedy.js";
export { beamSearch } from "./decoding/beam-search.js";
export type { Hypothesis, LengthLimit } from "./decoding/scoring.js";
export { defaultRepetitionGuard, noRepetitionGuard, type RepetitionGuard } from "./decoding/repetition-guard.js";
export { maskProtectedSpans, restoreProtectedSpans, type MaskedText } from "./text/placeholders.js";
export { findProtectedSpans, type ProtectedSpan, type ProtectedSpanKind } from "./text/protected-spans.js";

// Text, data and evaluation.
export { BpeTokenizer } from "./text/bpe-tokenizer.js";
export type { BpeTokenizerJson, TokenizerJson } from "./text/tokenizer.js";
export { splitSentences, joinSentences, type SentenceSplit } from "./text/sentence-splitter.js";
export {
  parseParallelTsv, readParallelTsv, formatTsvIssue,
  type ParallelPair, type ParseResult, type ParseTsvOptions, type TsvIssue, type TsvIssueCode,
} from "./data/tsv-corpus.js";
export { splitBySourceHash, type CorpusSplits, type SplitOptions } from "./data/corpus-split.js";
export { hashString32 } from "./data/string-hash.js";
export { corpusStats, type CorpusStats, type SideStats } from "./data/corpus-stats.js";
export { syntheticParallelCorpus, type SyntheticCorpusOptions } from "./data/synthetic-corpus.js";
export { corpusBleu, formatBleu, type BleuOptions, type BleuResult } from "./eval/bleu.js";
export { corpusChrf, type ChrfOptions, type ChrfResult } from "./eval/chrf.js";
export { scoreTranslations, formatScores, type TranslationScores } from "./eval/scores.js";
export { chooseBleuTokenizer } from "./eval/choose-bleu-tokenizer.js";
export type { BleuTokenizerName } from "./eval/sacrebleu-tokenizers.js";
export type { References } from "./eval/reference-streams.js";

// Serving: batched inference on worker threads.
export { EngineRuntime, type EngineRuntimeOptions } from "./runtime/engine-runtime.js";
export type { BackendStatus, ModelVersionRef, TranslationResult } from "./runtime/messages.js";
export type { DecodeOptions } from "./runtime/types.js";
