import * as tf from "@tensorflow/tfjs-core";
import type { DecoderState, Seq2SeqModel } from "../models/seq2seq-model.js";
import { sourceSequence } from "../models/special-tokens.js";
import { padSequences } from "../training/batching.js";
import type { Candidates, DecodingSession, IncrementalDecoder } from "./incremental-decoder.js";
import { logProbabilities } from "./scoring.js";
import { withTensor } from "./with-tensor.js";

/** Decodes through a Seq2SeqModel's TensorFlow.js graph (encode, decodeStep, selectRows): any architecture. */
export class TensorDecoder implements IncrementalDecoder {
  constructor(private readonly model: Seq2SeqModel) {}

  get vocabSize(): number {
    return this.model.config.vocabSize;
  }

  get maxLength(): number {
    return this.model.config.maxLength;
  }

  start(sources: readonly number[][], rowsPerSource: number, _capacity?: number, _maxRowsPerSource?: number): DecodingSession {
    const model = this.model;
    const state = withTensor(padSequences(sources.map(sourceSequence)), (src) => {
      const encoded = model.encode(src);
      if (rowsPerSource === 1) return encoded;
      const rows = sources.flatMap((_, i) => Array<number>(rowsPerSource).fill(i));
      const expanded = withTensor(tf.tensor1d(rows, "int32"), (indices) => model.selectRows(encoded, indices));
      encoded.dispose();
      return expanded;
    });
    return new TensorDecodingSession(model, state);
  }
}

class TensorDecodingSession implements DecodingSession {
  private logProbs: tf.Tensor2D | undefined;

  constructor(private readonly model: Seq2SeqModel, private state: DecoderState) {}

  get rows(): number {
    return this.state.rows;
  }

  step(tokens: Int32Array): void {
    const out = withTensor(tf.tensor1d(tokens, "int32"), (t) => this.model.decodeStep(this.state, t));
    this.state.dispose();
    this.state = out.state;
    this.logProbs?.dispose();
    this.logProbs = tf.tidy(() => logProbabilities(out.logits));
    out.logits.dispose();
  }

  topTokens(k: number, rows?: Int32Array): Candidates {
    const logProbs = this.current();
    if (rows === undefined) return this.read(() => tf.topk(logProbs, k));
    return this.read(() => tf.topk(tf.gather(logProbs, tf.tensor1d(rows, "int32")), k));
  }

  topInGroups(groupStarts: Int32Array, rowScores: Float32Array, k: number): Candidates {
    const logProbs = this.current();
    const vocab = logProbs.shape[1];
    const groups = groupStarts.length - 1;
    const width = Math.max(1, ...Array.from({ length: groups }, (_, g) => groupStarts[g + 1]! - groupStarts[g]!));
    // Groups padded to one width with their first row, scored out of reach.
    const rows = new Int32Array(groups * width);
    const scores = new Float32Array(groups * width).fill(-1e30);
    for (let g = 0; g < groups; g++) {
      for (let m = 0; m < width; m++) {
        const row = groupStarts[g]! + m;
        rows[g * width + m] = row < groupStarts[g + 1]! ? row : Math.min(groupStarts[g]!, logProbs.shape[0] - 1);
        if (row < groupStarts[g + 1]!) scores[g * width + m] = rowScores[row]!;
      }
    }
    const available = Math.min(k, width * vocab);
    const top = this.read(() => {
      const totals = tf.add(tf.gather(logProbs, tf.tensor1d(rows, "int32")), tf.reshape(tf.tensor1d(scores), [-1, 1]));
      return tf.topk(tf.reshape(totals, [groups, width * vocab]), available);
    });
    if (available === k) return top;
    // k per group, as the interface promises: the missing ones as −1, out of reach.
    const ids = new Int32Array(groups * k).fill(-1);
    const values = new Float32Array(groups * k).fill(-3.4e38);
    for (let g = 0; g < groups; g++) {
      ids.set(top.ids.subarray(g * available, (g + 1) * available), g * k);
      values.set(top.values.subarray(g * available, (g + 1) * available), g * k);
    }
    return { ids, values };
  }

  selectRows(rows: Int32Array): void {
    const selected = withTensor(tf.tensor1d(rows, "int32"), (indices) => this.model.selectRows(this.state, indices));
    this.state.dispose();
    this.state = selected;
  }

  dispose(): void {
    this.state.dispose();
    this.logProbs?.dispose();
  }

  private current(): tf.Tensor2D {
    if (this.logProbs === undefined) throw new Error("step() has not been called");
    return this.logProbs;
  }

  private read(top: () => { values: tf.Tensor; indices: tf.Tensor }): Candidates {
    const best = tf.tidy(top);
    const result = { ids: best.indices.dataSync() as Int32Array, values: best.values.dataSync() as Float32Array };
    tf.dispose([best.indices, best.values]);
    return result;
  }
}
