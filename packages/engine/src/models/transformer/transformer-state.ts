import * as tf from "@tensorflow/tfjs-core";
import type { DecoderState } from "../seq2seq-model.js";

/** Per-row tensors fixed for a whole decode: encoder memory projected per decoder layer. */
export interface EncoderMemory {
  crossKeys: tf.Tensor4D[];
  crossValues: tf.Tensor4D[];
  /** Additive source padding mask [rows, 1, 1, srcLength]. */
  sourceMask: tf.Tensor4D;
  /** Embedding transposed once per decode, [modelDim, vocab]. */
  outputProjection: tf.Tensor2D;
}

/**
 * Transformer decoder state: the encoder memory plus, per decoder layer, the self-attention
 * keys/values of all target positions so far (the KV cache). Each state owns its tensors;
 * tensors shared between states are tf.clone()s, which share data without copying.
 */
export class TransformerDecoderState implements DecoderState {
  constructor(
    readonly memory: EncoderMemory,
    readonly selfKeys: tf.Tensor4D[] | undefined,
    readonly selfValues: tf.Tensor4D[] | undefined,
    readonly step: number,
  ) {}

  get rows(): number {
    return this.memory.sourceMask.shape[0];
  }

  /** A state sharing this one's memory (cloned) with new caches. */
  withCaches(selfKeys: tf.Tensor4D[], selfValues: tf.Tensor4D[]): TransformerDecoderState {
    return new TransformerDecoderState(cloneMemory(this.memory), selfKeys, selfValues, this.step + 1);
  }

  selectRows(rows: tf.Tensor1D): TransformerDecoderState {
    const pick = <T extends tf.Tensor>(t: T): T => tf.gather(t, rows) as T;
    const memory: EncoderMemory = {
      crossKeys: this.memory.crossKeys.map(pick),
      crossValues: this.memory.crossValues.map(pick),
      sourceMask: pick(this.memory.sourceMask),
      outputProjection: tf.clone(this.memory.outputProjection),
    };
    return new TransformerDecoderState(memory, this.selfKeys?.map(pick), this.selfValues?.map(pick), this.step);
  }

  dispose(): void {
    tf.dispose([
      ...this.memory.crossKeys, ...this.memory.crossValues, this.memory.sourceMask, this.memory.outputProjection,
      ...(this.selfKeys ?? []), ...(this.selfValues ?? []),
    ]);
  }
}

function cloneMemory(memory: EncoderMemory): EncoderMemory {
  return {
    crossKeys: memory.crossKeys.map((t) => tf.clone(t)),
    crossValues: memory.crossValues.map((t) => tf.clone(t)),
    sourceMask: tf.clone(memory.sourceMask),
    outputProjection: tf.clone(memory.outputProjection),
  };
}
