import type { NativeAddon, NativeDecodingStateHandle, NativeTransformerHandle } from "../../../native/addon.js";
import { loadNativeAddon } from "../../backend/native-kernels.js";
import type { Candidates, DecodingSession, IncrementalDecoder } from "../../decoding/incremental-decoder.js";
import type { TransformerConfig } from "../config.js";
import { PAD_ID, sourceSequence } from "../special-tokens.js";
import { sinusoidalTable } from "../ops/positional-encoding.js";
import type { TransformerModel } from "./transformer-model.js";

/**
 * Transformer inference in native code (packages/engine/native/src/inference): the encoder, and per step every
 * decoder layer (self-attention over the key/value cache, cross-attention, feed-forward), the output projection
 * and log-softmax, with one call per step instead of ~235 TensorFlow.js kernels. The weights are copied once, when
 * the decoder is created: it is a snapshot, unaffected by later training of the model. Same arithmetic as the
 * TensorFlow.js graph (OpenBLAS sgemm, the same layer norm), so greedy outputs match it.
 *
 * Precision `int8` keeps int8 copies of the weight matrices (scale per output column, as int8 artifacts store
 * them) that batches of up to 16 rows read instead of float32 (activations stay float32): a quarter of the memory
 * traffic of a decoding step, which is what bounds small batches. For a model stored as int8 the computed function
 * is the same; otherwise it is the quantized model's.
 */
export class NativeTransformerDecoder implements IncrementalDecoder {
  /** A finished session's state and scores, whose memory the next batch reuses (no allocation or page faults). */
  private idle: { state: NativeDecodingStateHandle; logProbs: Float32Array } | undefined;

  private constructor(private readonly addon: NativeAddon, private readonly handle: NativeTransformerHandle, private readonly config: TransformerConfig) {}

  /** A native snapshot of `model`'s weights, or undefined without the native addon. */
  static fromModel(model: TransformerModel, options: { precision?: WeightPrecision } = {}): NativeTransformerDecoder | undefined {
    const addon = loadNativeAddon();
    if (addon === null) return undefined;
    const config = model.config;
    const dims = [config.vocabSize, config.modelDim, config.heads, config.ffDim, config.maxLength, config.encoderLayers, config.decoderLayers];
    return new NativeTransformerDecoder(addon, addon.transformerCreate(dims, weightArrays(model), options.precision === "int8"), config);
  }

  get vocabSize(): number {
    return this.config.vocabSize;
  }

  get maxLength(): number {
    return this.config.maxLength;
  }

  start(sources: readonly number[][], rowsPerSource: number, capacity: number, maxRowsPerSource = rowsPerSource): DecodingSession {
    const sequences = sources.map(sourceSequence);
    const width = Math.max(1, ...sequences.map((s) => s.length));
    const ids = new Int32Array(sequences.length * width).fill(PAD_ID);
    sequences.forEach((s, i) => ids.set(s, i * width));
    const reuse = this.idle;
    this.idle = undefined;
    const maxRows = sequences.length * Math.max(rowsPerSource, maxRowsPerSource);
    const state = this.addon.transformerEncode(this.handle, ids, sequences.length, width, rowsPerSource, Math.min(capacity, this.config.maxLength), maxRows, reuse?.state);
    const scores = reuse !== undefined && reuse.logProbs.length >= maxRows * this.vocabSize ? reuse.logProbs : new Float32Array(maxRows * this.vocabSize);
    return new NativeDecodingSession(this.addon, this.handle, state, sequences.length * rowsPerSource, scores, this.config.vocabSize, (done) => {
      if (this.idle === undefined && this.addon.transformerStateBytes(done) + scores.byteLength <= MAX_IDLE_BYTES) this.idle = { state: done, logProbs: scores };
      else this.addon.transformerRelease(done);
    });
  }
}

/** Weights read by decoding steps: float32, or int8 with float32 activations (weight-only quantization). */
export type WeightPrecision = "float32" | "int8";

/** Larger states (very long or very wide batches) are freed when their session ends. */
const MAX_IDLE_BYTES = 128 * 1024 * 1024;

class NativeDecodingSession implements DecodingSession {
  private stepped = false;

  constructor(
    private readonly addon: NativeAddon, private readonly model: NativeTransformerHandle,
    private readonly state: NativeDecodingStateHandle, private currentRows: number, private readonly logProbs: Float32Array,
    private readonly vocab: number, private readonly onDispose: (state: NativeDecodingStateHandle) => void,
  ) {}

  get rows(): number {
    return this.currentRows;
  }

  step(tokens: Int32Array): void {
    this.addon.transformerStep(this.model, this.state, tokens, this.logProbs.subarray(0, this.currentRows * this.vocab));
    this.stepped = true;
  }

  topTokens(k: number, rows?: Int32Array): Candidates {
    this.assertStepped();
    const count = rows?.length ?? this.currentRows;
    const ids = new Int32Array(count * k);
    const values = new Float32Array(count * k);
    this.addon.topKRows(this.logProbs, this.vocab, k, ids, values, rows);
    return { ids, values };
  }

  topInGroups(groupStarts: Int32Array, rowScores: Float32Array, k: number): Candidates {
    this.assertStepped();
    const groups = groupStarts.length - 1;
    const ids = new Int32Array(groups * k);
    const values = new Float32Array(groups * k);
    this.addon.topKGroups(this.logProbs, rowScores, groupStarts, this.vocab, k, ids, values);
    return { ids, values };
  }

  selectRows(rows: Int32Array): void {
    this.addon.transformerSelectRows(this.state, rows);
    this.currentRows = rows.length;
  }

  dispose(): void {
    this.onDispose(this.state);
  }

  private assertStepped(): void {
    if (!this.stepped) throw new Error("step() has not been called");
  }
}

/** The model's weights in the order transformerCreate takes them, attention projections concatenated. */
function weightArrays(model: TransformerModel): Float32Array[] {
  const params = model.parameters;
  const get = (name: string) => params.get(name).dataSync() as Float32Array;
  const norm = (name: string) => [get(`${name}.gamma`), get(`${name}.beta`)];
  const linear = (name: string) => [get(`${name}.weight`), get(`${name}.bias`)];
  const columns = (names: string[]) => {
    const parts = names.map((name) => linear(name));
    return [concatColumns(parts.map((p) => p[0]!), model.config.modelDim), concatVectors(parts.map((p) => p[1]!))];
  };
  const { config } = model;
  const arrays: Float32Array[] = [get("embedding"), sinusoidalTable(config.maxLength, config.modelDim)];
  for (let i = 0; i < config.encoderLayers; i++) {
    const p = `encoder.${i}`;
    arrays.push(
      ...norm(`${p}.selfNorm`), ...columns(["query", "key", "value"].map((x) => `${p}.selfAttention.${x}`)),
      ...linear(`${p}.selfAttention.output`), ...norm(`${p}.feedForwardNorm`),
      ...linear(`${p}.feedForward.inner`), ...linear(`${p}.feedForward.outer`),
    );
  }
  arrays.push(...norm("encoder.norm"));
  for (let i = 0; i < config.decoderLayers; i++) {
    const p = `decoder.${i}`;
    arrays.push(
      ...norm(`${p}.selfNorm`), ...columns(["query", "key", "value"].map((x) => `${p}.selfAttention.${x}`)),
      ...linear(`${p}.selfAttention.output`), ...norm(`${p}.crossNorm`), ...linear(`${p}.crossAttention.query`),
      ...columns(["key", "value"].map((x) => `${p}.crossAttention.${x}`)), ...linear(`${p}.crossAttention.output`),
      ...norm(`${p}.feedForwardNorm`), ...linear(`${p}.feedForward.inner`), ...linear(`${p}.feedForward.outer`),
    );
  }
  arrays.push(...norm("decoder.norm"));
  return arrays;
}

/** [rows, a] | [rows, b] | … side by side: [rows, a + b + …]. */
function concatColumns(matrices: Float32Array[], rows: number): Float32Array {
  const widths = matrices.map((m) => m.length / rows);
  const total = widths.reduce((a, b) => a + b, 0);
  const out = new Float32Array(rows * total);
  for (let r = 0; r < rows; r++) {
    let offset = r * total;
    matrices.forEach((m, i) => {
      out.set(m.subarray(r * widths[i]!, (r + 1) * widths[i]!), offset);
      offset += widths[i]!;
    });
  }
  return out;
}

function concatVectors(vectors: Float32Array[]): Float32Array {
  const out = new Float32Array(vectors.reduce((n, v) => n + v.length, 0));
  let offset = 0;
  for (const v of vectors) {
    out.set(v, offset);
    offset += v.length;
  }
  return out;
}
