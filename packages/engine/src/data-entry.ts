// @parley/engine/data: the engine's text, data and evaluation pieces, its model presets and backend names,
// without TensorFlow.js. Nothing reachable from here may import tfjs (test/data/data-entry.test.ts
// checks): a gateway that parses a TSV or scores translations must not pay tfjs's seconds and
// megabytes of start-up. The main entry (`@parley/engine`) re-exports all of it.
export { BACKEND_NAMES, checkBackendName, type BackendName } from "./backend/backend-names.js";
export {
  modelPresets, presetConfig, parseModelConfig,
  type ModelConfig, type TransformerConfig, type LstmConfig, type Architecture, type PresetName,
} from "./models/config.js";
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
export { buildTermLexicon, wordTypes, type TermLexiconOptions } from "./data/term-lexicon.js";
export { corpusBleu, formatBleu, type BleuOptions, type BleuResult } from "./eval/bleu.js";
export { corpusChrf, type ChrfOptions, type ChrfResult } from "./eval/chrf.js";
export { scoreTranslations, formatScores, type TranslationScores } from "./eval/scores.js";
export { chooseBleuTokenizer } from "./eval/choose-bleu-tokenizer.js";
export type { BleuTokenizerName } from "./eval/sacrebleu-tokenizers.js";
export type { References } from "./eval/reference-streams.js";
