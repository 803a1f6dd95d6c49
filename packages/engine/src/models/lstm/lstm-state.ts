import * as tf from "@tensorflow/tfjs-core";
import type { DecoderState } from "../seq2seq-model.js";
import type { LstmState } from "./lstm-layer.js";

// A type alias (not an interface) so tf.tidy accepts it as a TensorContainer.
export type LstmMemory = {
  /** Encoder outputs, batch-major [rows, srcLength, hidden]. */
  encoderOutputs: tf.Tensor3D;
  /** Additive source padding mask [rows, 1, srcLength]. */
  sourceMask: tf.Tensor3D;
};

/** LSTM decoder state: per-layer (h, c) plus the encoder outputs to attend over. Owns its tensors. */
export class LstmDecoderState implements DecoderState {
  constructor(readonly memory: LstmMemory, readonly layers: LstmState[], readonly step: number) {}

  get rows(): number {
    return this.memory.sourceMask.shape[0];
  }

  next(layers: LstmState[]): LstmDecoderState {
    const memory = { encoderOutputs: tf.clone(this.memory.encoderOutputs), sourceMask: tf.clone(this.memory.sourceMask) };
    return new LstmDecoderState(memory, layers, this.step + 1);
  }

  selectRows(rows: tf.Tensor1D): LstmDecoderState {
    const pick = <T extends tf.Tensor>(t: T): T => tf.gather(t, rows) as T;
    const memory = { encoderOutputs: pick(this.memory.encoderOutputs), sourceMask: pick(this.memory.sourceMask) };
    return new LstmDecoderState(memory, this.layers.map((l) => ({ h: pick(l.h), c: pick(l.c) })), this.step);
  }

  dispose(): void {
    tf.dispose([this.memory.encoderOutputs, this.memory.sourceMask, ...this.layers.flatMap((l) => [l.h, l.c])]);
  }
}
