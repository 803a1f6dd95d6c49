import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import type { ModelConfig } from "./models/config.js";
import type { Seq2SeqModel } from "./models/seq2seq-model.js";
import { beamSearch } from "./decoding/beam-search.js";
import { greedyDecode } from "./decoding/greedy.js";
import { defaultLengthLimit } from "./decoding/scoring.js";
import { loadArtifact, saveArtifact, type Metrics } from "./artifacts/model-artifact.js";
import { assertTokenizerContract, defaultTokenizerCodec, type Tokenizer, type TokenizerCodec } from "./artifacts/tokenizer-codec.js";
import { initBackend } from "./backend/init-backend.js";

export interface TranslateOptions {
  /** 1 (default) decodes greedily. */
  beamSize?: number;
  /** Cap on output tokens per sentence (also capped by the model's maxLength). */
  maxLength?: number;
  /** GNMT length-penalty alpha for beam search (default 0.6). */
  lengthPenalty?: number;
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

/** Sentences of one input text plus the whitespace around them, so the layout can be rebuilt. */
interface SentenceSplit { sentences: string[]; separators: string[] }

/**
 * Simple stand-in for src/text/sentence-splitter.ts (same result shape).
 * TODO-merge: replace by `import { splitSentences, joinSentences } from "./text/sentence-splitter.js"`.
 */
function splitSentencesLocal(text: string): SentenceSplit {
  const parts = text.split(/(?<=[.!?。！？])(\s+)/u);
  const sentences: string[] = [];
  const separators: string[] = [/^\s*/u.exec(text)![0]];
  for (let i = 0; i < parts.length; i += 2) {
    const sentence = parts[i]!.trim();
    if (sentence === "") continue;
    if (sentences.length > 0) separators.push(parts[i - 1] ?? " ");
    sentences.push(sentence);
  }
  separators.push(sentences.length === 0 ? "" : /\s*$/u.exec(text)![0]);
  return { sentences, separators: sentences.length === 0 ? [text] : separators };
}

function joinSentencesLocal(sentences: readonly string[], separators: readonly string[]): string {
  return separators[0]! + sentences.map((s, i) => s + separators[i + 1]!).join("");
}

/** Segments decoded per call: bounds memory while keeping batches big. */
const SEGMENTS_PER_BATCH = 64;

/** A trained model with its tokenizer: text in, text out. */
export class TranslationModel {
  private constructor(private readonly model: Seq2SeqModel, private readonly tokenizer: Tokenizer, private readonly metrics: Metrics) {}

  /** Loads a model version directory (checksums verified). */
  static async load(dir: string, options: { tokenizerCodec?: TokenizerCodec } = {}): Promise<TranslationModel> {
    await initBackend();
    const { model, tokenizer, metrics } = await loadArtifact(dir, options.tokenizerCodec ?? (await defaultTokenizerCodec()));
    return new TranslationModel(model, tokenizer, metrics);
  }

  static fromParts(parts: { model: Seq2SeqModel; tokenizer: Tokenizer; metrics?: Metrics }): TranslationModel {
    assertTokenizerContract(parts.tokenizer);
    if (parts.tokenizer.vocabSize !== parts.model.config.vocabSize) throw new Error("tokenizer and model vocabulary sizes differ");
    return new TranslationModel(parts.model, parts.tokenizer, parts.metrics ?? {});
  }

  get info(): ModelInfo {
    const config = this.model.config;
    return {
      arch: config.arch, config, parameterCount: this.model.parameters.count, vocabSize: config.vocabSize,
      maxLength: config.maxLength, metrics: this.metrics,
    };
  }

  /** The underlying token-level model (for evaluation and tests). */
  get seq2seq(): Seq2SeqModel {
    return this.model;
  }

  /**
   * Translates each text. Texts are split into sentences and every sentence of every text
   * is decoded in shared batches; a sentence longer than the model accepts is split into
   * token chunks (never truncated). Output order matches input order.
   */
  async translate(texts: string[], options: TranslateOptions = {}): Promise<Translation[]> {
    const maxSourceTokens = this.model.config.maxLength - 1;
    const splits = texts.map(splitSentencesLocal);
    const segments: { text: number; sentence: number; ids: number[] }[] = [];
    splits.forEach((split, text) => split.sentences.forEach((sentence, index) => {
      const ids = this.tokenizer.encode(sentence);
      for (let start = 0; start < ids.length || start === 0; start += maxSourceTokens) {
        segments.push({ text, sentence: index, ids: ids.slice(start, start + maxSourceTokens) });
        if (ids.length === 0) break;
      }
    }));
    const outputs = await this.decodeAll(segments.map((s) => s.ids), options);
    const pieces = splits.map((split) => split.sentences.map(() => [] as number[][]));
    const results: Translation[] = texts.map(() => ({ text: "", inputTokens: 0, outputTokens: 0 }));
    segments.forEach((segment, i) => {
      pieces[segment.text]![segment.sentence]!.push(outputs[i]!);
      results[segment.text]!.inputTokens += segment.ids.length;
      results[segment.text]!.outputTokens += outputs[i]!.length;
    });
    splits.forEach((split, text) => {
      const sentences = pieces[text]!.map((chunks) => chunks.map((ids) => this.tokenizer.decode(ids)).join(" "));
      results[text]!.text = split.sentences.length === 0 ? "" : joinSentencesLocal(sentences, split.separators);
    });
    return results;
  }

  async save(dir: string): Promise<void> {
    await saveArtifact(dir, { model: this.model, tokenizer: this.tokenizer, metrics: this.metrics });
  }

  dispose(): void {
    this.model.dispose();
  }

  /** Decodes token sequences in length-sorted batches (less padding); returns outputs in input order. */
  private async decodeAll(sources: number[][], options: TranslateOptions): Promise<number[][]> {
    const order = sources.map((_, i) => i).sort((a, b) => sources[a]!.length - sources[b]!.length);
    const outputs = new Array<number[]>(sources.length);
    const lengthLimit = { ...defaultLengthLimit, ...(options.maxLength === undefined ? {} : { cap: options.maxLength }) };
    for (let start = 0; start < order.length; start += SEGMENTS_PER_BATCH) {
      const batch = order.slice(start, start + SEGMENTS_PER_BATCH);
      const batchSources = batch.map((i) => sources[i]!);
      const beamSize = options.beamSize ?? 1;
      const hypotheses = beamSize > 1
        ? beamSearch(this.model, batchSources, { beamSize, lengthLimit, lengthPenaltyAlpha: options.lengthPenalty ?? 0.6 })
        : greedyDecode(this.model, batchSources, { lengthLimit });
      batch.forEach((sourceIndex, j) => { outputs[sourceIndex] = hypotheses[j]!.tokens; });
      await yieldToEventLoop();
    }
    return outputs;
  }
}
