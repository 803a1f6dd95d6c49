// Public API of @parley/engine.
export { initBackend, NativeKernelsRequiredError, type BackendInfo, type BackendName } from "./backend/init-backend.js";
export {
  TranslationModel, type TranslateOptions, type Translation, type ModelInfo,
} from "./translator.js";
export { trainModel, type TrainModelOptions, type TrainModelResult, type TextPair } from "./training/train-model.js";
export type { TrainingProgress, TrainingResult, StopReason } from "./training/progress.js";
export { ArtifactIntegrityError, readChecksumListing, verifyChecksums, writeChecksums, CHECKSUM_FILE } from "./artifacts/checksum.js";
export { quantizeArtifact } from "./artifacts/quantize-artifact.js";
export { exportCTranslate2 } from "./export/export-ctranslate2.js";
export { ctranslate2Python, type Ct2Python } from "./export/ctranslate2-peer.js";
export { verifyArtifact } from "./artifacts/model-artifact.js";
export { InitFromMismatchError } from "./training/init-from-mismatch-error.js";
export { bpeTokenizerCodec, type Tokenizer, type TokenizerCodec } from "./artifacts/tokenizer-codec.js";

// Lower-level pieces, for evaluation tools and benchmarks.
export { createModel } from "./models/create-model.js";
export type { Seq2SeqModel, DecoderState } from "./models/seq2seq-model.js";
export { train, type TrainerOptions } from "./training/trainer.js";
export type { TokenPair } from "./training/batching.js";
// The pieces `train` is made of, for the benchmarks that profile one training step (bench/engine/):
/** One teacher-forced optimisation step; leaves no tensors behind. */
export { trainStep, type StepResult } from "./training/train-step.js";
/** Adam with global-norm clipping over all parameters as one flat vector (the optimiser `train` uses). */
export { FlatAdam, defaultAdamSettings, type AdamSettings } from "./training/flat-adam.js";
/** Token-budget batches of similar-length pairs, in shuffled order, as `train` builds them. */
export { bucketBatches } from "./training/batching.js";
/** The seeded random generator (checkpointable state) behind dropout and batch order. */
export { SeededRandom } from "./util/seeded-random.js";
/** The wasm backend's native OpenBLAS kernels: load, status, and (un)register to compare with plain wasm (bench/engine/matmul*.ts). */
export {
  loadNativeAddon, nativeKernelStatus, registerNativeKernels, unregisterNativeKernels, type NativeAddonStatus,
} from "./backend/native-kernels.js";
export { greedyDecode } from "./decoding/greedy.js";
export { beamSearch } from "./decoding/beam-search.js";
/** What greedy and beam search decode through: the TensorFlow.js graph of any model, or native Transformer inference. */
export type { Candidates, DecodingSession, IncrementalDecoder } from "./decoding/incremental-decoder.js";
export { TensorDecoder } from "./decoding/tensor-decoder.js";
export { NativeTransformerDecoder, type WeightPrecision } from "./models/transformer/native-transformer-decoder.js";
export { inferenceDecoder } from "./models/inference-decoder.js";
export type { Hypothesis, LengthLimit } from "./decoding/scoring.js";
export { defaultRepetitionGuard, noRepetitionGuard, type RepetitionGuard } from "./decoding/repetition-guard.js";
export { maskProtectedSpans, restoreProtectedSpans, type MaskedText } from "./text/placeholders.js";
export { GlossaryMatcher, type Glossary, type GlossaryEntry, type TermMatch } from "./text/glossary.js";
export { GlossaryUnsupportedError } from "./text/glossary-unsupported-error.js";
export { scoreGlossaryTerms, type GlossaryTermOptions, type GlossaryTermRun, type GlossaryTermScores } from "./eval/glossary-terms.js";
export { findProtectedSpans, type ProtectedSpan, type ProtectedSpanKind } from "./text/protected-spans.js";

// Model presets, text, data and evaluation (also @parley/engine/data, which does not load TensorFlow.js).
export * from "./data-entry.js";

// Serving: batched inference on worker threads.
export { EngineRuntime, type EngineRuntimeOptions } from "./runtime/engine-runtime.js";
export {
  EngineUnavailableError, defaultWorkerSupervision, type EngineHealth, type WorkerSupervisionOptions,
} from "./runtime/worker-supervision.js";
export type { BackendStatus, ModelVersionRef, TranslationResult } from "./runtime/messages.js";
export type { DecodeOptions } from "./runtime/types.js";
