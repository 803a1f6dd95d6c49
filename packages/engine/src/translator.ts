import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import type { ModelConfig } from "./models/config.js";
import type { Seq2SeqModel } from "./models/seq2seq-model.js";
import { beamSearch } from "./decoding/beam-search.js";
import { greedyDecode } from "./decoding/greedy.js";
import { coverPlaceholders } from "./decoding/placeholder-coverage.js";
import type { IncrementalDecoder } from "./decoding/incremental-decoder.js";
import { inferenceDecoder } from "./models/inference-decoder.js";
import type { WeightPrecision } from "./models/transformer/native-transformer-decoder.js";
import { defaultLengthLimit } from "./decoding/scoring.js";
import type { RepetitionGuard } from "./decoding/repetition-guard.js";
import { loadArtifact, saveArtifact, type Metrics } from "./artifacts/model-artifact.js";
import { assertTokenizerContract, bpeTokenizerCodec, type Tokenizer, type TokenizerCodec } from "./artifacts/tokenizer-codec.js";
import { initBackend } from "./backend/init-backend.js";
import { joinTranslatedChunks } from "./text/join-chunks.js";
import { joinSentences, splitSentences } from "./text/sentence-splitter.js";
import { maskProtectedSpans, restoreProtectedSpans, type MaskedText } from "./text/placeholders.js";
import { knownScripts, placeholderTokens, supportsPlaceholders } from "./text/placeholder-support.js";
import { containsTerm, glossaryMatcher, type Glossary, type GlossaryMatcher } from "./text/glossary.js";
import { GlossaryUnsupportedError } from "./text/glossary-unsupported-error.js";

export interface TranslateOptions {
  /** 1 (default) decodes greedily. */
  beamSize?: number;
  /** Cap on output tokens per sentence (also capped by the model's maxLength). */
  maxLength?: number;
  /** GNMT length-penalty alpha for beam search (default 0.6). */
  lengthPenalty?: number;
  /** Refuses degenerate repetition (default: defaultRepetitionGuard, max run 3, no repeated 4-gram). */
  repetitionGuard?: RepetitionGuard;
  /**
   * Terms that must come out as given (see text/glossary.ts). Needs a model trained with placeholders
   * (`masksProtectedSpans`); else GlossaryUnsupportedError.
   */
  glossary?: Glossary;
}

export interface Translation { text: string; inputTokens: number; outputTokens: number }

export interface ModelInfo {
  arch: ModelConfig["arch"];
  config: ModelConfig;
  parameterCount: number;
  vocabSize: number;
  maxLength: number;
  metrics: Metrics;
}

/** Segments decoded per call: bounds memory while keeping batches big. */
const SEGMENTS_PER_BATCH = 64;

/** A trained model with its tokenizer: text in, text out. */
export class TranslationModel {
  /** Whether protected spans are masked as placeholders (the model was trained to copy them). */
  readonly masksProtectedSpans: boolean;
  private readonly knownScripts: ReadonlySet<string>;
  /** Tokens that write a placeholder → its index (empty when the model does not mask spans). */
  private readonly placeholderOf: ReadonlyMap<number, number>;
  private incremental: IncrementalDecoder | undefined;

  private constructor(
    private readonly model: Seq2SeqModel, private readonly tokenizer: Tokenizer, private readonly metrics: Metrics,
    /** What decoding steps read: int8 for models stored as int8 (the shipped ones), unless load() says otherwise. */
    readonly precision: WeightPrecision,
  ) {
    this.masksProtectedSpans = supportsPlaceholders(tokenizer);
    this.knownScripts = knownScripts(tokenizer);
    this.placeholderOf = this.masksProtectedSpans ? placeholderTokens(tokenizer) : new Map();
  }

  /**
   * Loads a model version directory (checksums verified). `precision` is what decoding reads: by default int8
   * when the weights were stored as int8 (no change to the function computed), float32 otherwise.
   */
  static async load(dir: string, options: { tokenizerCodec?: TokenizerCodec; precision?: WeightPrecision } = {}): Promise<TranslationModel> {
    await initBackend();
    const { model, tokenizer, metrics, int8Weights } = await loadArtifact(dir, options.tokenizerCodec ?? bpeTokenizerCodec);
    return new TranslationModel(model, tokenizer, metrics, options.precision ?? (int8Weights ? "int8" : "float32"));
  }

  static fromParts(parts: { model: Seq2SeqModel; tokenizer: Tokenizer; metrics?: Metrics }): TranslationModel {
    assertTokenizerContract(parts.tokenizer);
    if (parts.tokenizer.vocabSize !== parts.model.config.vocabSize) throw new Error("tokenizer and model vocabulary sizes differ");
    return new TranslationModel(parts.model, parts.tokenizer, parts.metrics ?? {}, "float32");
  }

  get info(): ModelInfo {
    const config = this.model.config;
    return {
      arch: config.arch, config, parameterCount: this.model.parameters.count, vocabSize: config.vocabSize,
      maxLength: config.maxLength, metrics: this.metrics,
    };
  }

  /**
   * What translate() decodes with: native Transformer inference when the addon is loaded, else the TensorFlow.js
   * graph (see models/inference-decoder.ts). Created on first use from the weights as they are then.
   */
  get decoder(): IncrementalDecoder {
    return (this.incremental ??= inferenceDecoder(this.model, this.precision));
  }

  /** The underlying token-level model (for evaluation and tests). */
  get seq2seq(): Seq2SeqModel {
    return this.model;
  }

  /**
   * Translates each text. Texts are split into sentences and every sentence of every text
   * is decoded in shared batches; a sentence longer than the model accepts is split into
   * token chunks (never truncated). Numbers, URLs, tags, placeholders, emoji and words in another script come
   * back unchanged (masked as placeholders, see text/placeholders.ts) when the model was trained to copy them;
   * so do glossary terms, as their target terms.
   * Output order matches input order.
   */
  async translate(texts: string[], options: TranslateOptions = {}): Promise<Translation[]> {
    if (options.glossary !== undefined && !this.masksProtectedSpans) throw new GlossaryUnsupportedError();
    const splits = texts.map((text) => splitSentences(text));
    const sentences = splits.flatMap((split) => split.sentences);
    const translated = await this.translateSentences(sentences, options, undefined);
    if (options.glossary !== undefined) {
      // Constrain only where needed: a sentence whose free translation already holds every term keeps it (term
      // placeholders cost fluency); the others are decoded again with their terms masked.
      const glossary = glossaryMatcher(options.glossary);
      const missing = sentences.flatMap((sentence, i) =>
        glossary.find(sentence).some((term) => !containsTerm(translated[i]!.text, term.target)) ? [i] : []);
      const constrained = await this.translateSentences(missing.map((i) => sentences[i]!), options, glossary);
      missing.forEach((sentence, j) => {
        const free = translated[sentence]!;
        const again = constrained[j]!;
        translated[sentence] = { text: again.text, inputTokens: free.inputTokens + again.inputTokens, outputTokens: free.outputTokens + again.outputTokens };
      });
    }
    let next = 0;
    return splits.map((split) => {
      const own = translated.slice(next, (next += split.sentences.length));
      return {
        text: split.sentences.length === 0 ? "" : joinSentences(own.map((t) => t.text), split.separators),
        inputTokens: own.reduce((sum, t) => sum + t.inputTokens, 0),
        outputTokens: own.reduce((sum, t) => sum + t.outputTokens, 0),
      };
    });
  }

  async save(dir: string): Promise<void> {
    await saveArtifact(dir, { model: this.model, tokenizer: this.tokenizer, metrics: this.metrics });
  }

  /** Frees the model's tensors and drops its native decoder (freed with the handle, at garbage collection). */
  dispose(): void {
    this.model.dispose();
    this.incremental = undefined;
  }

  /**
   * Translates sentences in shared batches, protected spans (and glossary terms) masked; a sentence longer than
   * the model accepts is split into token chunks (never truncated).
   */
  private async translateSentences(sentences: readonly string[], options: TranslateOptions, glossary: GlossaryMatcher | undefined): Promise<Translation[]> {
    const maxSourceTokens = this.model.config.maxLength - 1;
    const masks: MaskedText[] = sentences.map((sentence) =>
      this.masksProtectedSpans ? maskProtectedSpans(sentence, { knownScripts: this.knownScripts, glossary }) : { text: sentence, spans: [] });
    const segments: { sentence: number; ids: number[] }[] = [];
    masks.forEach((mask, sentence) => {
      const ids = this.tokenizer.encode(mask.text);
      for (let start = 0; start < ids.length || start === 0; start += maxSourceTokens) {
        segments.push({ sentence, ids: ids.slice(start, start + maxSourceTokens) });
        if (ids.length === 0) break;
      }
    });
    const outputs = await this.decodeAll(segments.map((s) => s.ids), options);
    const chunks = sentences.map(() => [] as number[][]);
    const results: Translation[] = sentences.map(() => ({ text: "", inputTokens: 0, outputTokens: 0 }));
    segments.forEach((segment, i) => {
      chunks[segment.sentence]!.push(outputs[i]!);
      results[segment.sentence]!.inputTokens += segment.ids.length;
      results[segment.sentence]!.outputTokens += outputs[i]!.length;
    });
    results.forEach((result, i) => {
      result.text = restoreProtectedSpans(joinTranslatedChunks(chunks[i]!.map((ids) => this.tokenizer.decode(ids))), masks[i]!.spans, masks[i]!.terms);
    });
    return results;
  }

  /**
   * Decodes token sequences in length-sorted batches (less padding); returns outputs in input order. An output that
   * dropped a placeholder of its source is decoded again by coverPlaceholders, so the span lands where the model
   * places it rather than at the end.
   */
  private async decodeAll(sources: number[][], options: TranslateOptions): Promise<number[][]> {
    const order = sources.map((_, i) => i).sort((a, b) => sources[a]!.length - sources[b]!.length);
    const outputs = new Array<number[]>(sources.length);
    const lengthLimit = { ...defaultLengthLimit, ...(options.maxLength === undefined ? {} : { cap: options.maxLength }) };
    const beamSize = options.beamSize ?? 1;
    const lengthPenaltyAlpha = options.lengthPenalty ?? 0.6;
    for (let start = 0; start < order.length; start += SEGMENTS_PER_BATCH) {
      const batch = order.slice(start, start + SEGMENTS_PER_BATCH);
      const batchSources = batch.map((i) => sources[i]!);
      const hypotheses = beamSize > 1
        ? beamSearch(this.decoder, batchSources, { beamSize, lengthLimit, lengthPenaltyAlpha, repetitionGuard: options.repetitionGuard })
        : greedyDecode(this.decoder, batchSources, { lengthLimit, repetitionGuard: options.repetitionGuard });
      const batchOutputs = hypotheses.map((hypothesis) => hypothesis.tokens);
      if (this.placeholderOf.size > 0) {
        coverPlaceholders(this.decoder, batchSources, batchOutputs, this.placeholderOf, { beamSize, lengthLimit, lengthPenaltyAlpha, repetitionGuard: options.repetitionGuard });
      }
      batch.forEach((sourceIndex, j) => { outputs[sourceIndex] = batchOutputs[j]!; });
      await yieldToEventLoop();
    }
    return outputs;
  }
}
