import type * as tf from "@tensorflow/tfjs-core";
import type { ModelConfig } from "./config.js";
import type { ParameterSet } from "./parameters.js";
import type { SeededRandom } from "./seeded-random.js";

/** Decoder state after consuming `step` target tokens; owns tensors, so dispose it. */
export interface DecoderState {
  readonly rows: number;
  readonly step: number;
  dispose(): void;
}

export interface TrainingContext {
  /** Source of dropout masks; dropout is off when no context is given. */
  readonly random: SeededRandom;
}

/**
 * An encoder-decoder over token ids (pad id 0). Source and target tensors are int32
 * [batch, length], padded with 0 on the right. Results of encode/decodeStep/selectRows are
 * owned by the caller: call them outside tf.tidy (or keep them) and dispose them.
 */
export interface Seq2SeqModel {
  readonly config: ModelConfig;
  readonly parameters: ParameterSet;
  /** Teacher-forced logits for every target position, [batch * tgtLength, vocab]. */
  forwardTrain(src: tf.Tensor2D, tgtIn: tf.Tensor2D, training?: TrainingContext): tf.Tensor2D;
  /** Runs the encoder; the returned state is ready to take the first target token (BOS). */
  encode(src: tf.Tensor2D): DecoderState;
  /** Feeds one token per row; returns next-token logits [rows, vocab] and the new state. The old state stays valid. */
  decodeStep(state: DecoderState, prevTokens: tf.Tensor1D): { logits: tf.Tensor2D; state: DecoderState };
  /** New state whose row i is the old state's row rows[i] (beam expansion and reordering). */
  selectRows(state: DecoderState, rows: tf.Tensor1D): DecoderState;
  dispose(): void;
}
