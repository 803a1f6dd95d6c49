import * as tf from "@tensorflow/tfjs-core";
import type { LstmConfig } from "../config.js";
import { ParameterSet } from "../parameters.js";
import type { SeededRandom } from "../seeded-random.js";
import type { DecoderState, Seq2SeqModel, TrainingContext } from "../seq2seq-model.js";
import { applyLinear } from "../ops/linear.js";
import { dropout } from "../ops/dropout.js";
import { fastTanh } from "../ops/fast-tanh.js";
import { maskedScore } from "../ops/masks.js";
import { inputGates, lstmStep, runLstm, zeroState, type LstmState } from "./lstm-layer.js";
import { createLstmSeq2SeqWeights, type LstmSeq2SeqWeights } from "./lstm-weights.js";
import { LstmDecoderState, type LstmMemory } from "./lstm-state.js";

/**
 * Bidirectional-LSTM encoder, LSTM decoder with Luong "general" attention (no input
 * feeding, so in training the attention runs over all target steps at once).
 */
export class LstmModel implements Seq2SeqModel {
  readonly parameters: ParameterSet;
  private readonly weights: LstmSeq2SeqWeights;

  constructor(readonly config: LstmConfig, random: SeededRandom) {
    this.parameters = new ParameterSet(random);
    this.weights = createLstmSeq2SeqWeights(this.parameters, config);
  }

  forwardTrain(src: tf.Tensor2D, tgtIn: tf.Tensor2D, training?: TrainingContext): tf.Tensor2D {
    return tf.tidy(() => {
      const { memory, initial } = this.runEncoder(src, training);
      const [batch, steps] = tgtIn.shape;
      let x = this.embedTimeMajor(tgtIn, training);
      let outputs: tf.Tensor2D[] = [];
      this.weights.decoder.forEach((layer, i) => {
        outputs = runLstm(layer, x, steps, initial[i]!).outputs;
        x = dropout(tf.concat(outputs, 0), this.config.dropout, training) as tf.Tensor2D;
      });
      // Time-major [steps, batch, h] -> batch-major rows, to line up with flattened targets.
      const states = tf.reshape(tf.transpose(tf.stack(outputs), [1, 0, 2]), [batch * steps, this.config.hiddenSize]) as tf.Tensor2D;
      return this.attendAndProject(states, memory, steps, training);
    });
  }

  encode(src: tf.Tensor2D): DecoderState {
    const { memory, initial } = tf.tidy(() => this.runEncoder(src, undefined));
    return new LstmDecoderState(memory, initial, 0);
  }

  decodeStep(state: DecoderState, prevTokens: tf.Tensor1D): { logits: tf.Tensor2D; state: DecoderState } {
    const s = asLstmState(state);
    const result = tf.tidy(() => {
      let x = tf.gather(this.weights.embedding, prevTokens) as tf.Tensor2D;
      const layers = this.weights.decoder.map((layer, i) => {
        const next = lstmStep(layer, inputGates(layer, x), s.layers[i]!);
        x = next.h;
        return next;
      });
      return { logits: this.attendAndProject(x, s.memory, 1, undefined), layers };
    });
    return { logits: result.logits as tf.Tensor2D, state: s.next(result.layers as LstmState[]) };
  }

  selectRows(state: DecoderState, rows: tf.Tensor1D): DecoderState {
    return asLstmState(state).selectRows(rows);
  }

  dispose(): void {
    this.parameters.dispose();
  }

  private runEncoder(src: tf.Tensor2D, training: TrainingContext | undefined): { memory: LstmMemory; initial: LstmState[] } {
    const [batch, steps] = src.shape;
    const half = this.config.hiddenSize / 2;
    const masks = tf.unstack(tf.reshape(tf.cast(tf.notEqual(tf.transpose(src), 0), "float32"), [steps, batch, 1])) as tf.Tensor2D[];
    let x = this.embedTimeMajor(src, training);
    let summary: tf.Tensor2D | undefined;
    for (let i = 0; i < this.config.encoderLayers; i++) {
      const forward = runLstm(this.weights.encoderForward[i]!, x, steps, zeroState(batch, half), { masks });
      const backward = runLstm(this.weights.encoderBackward[i]!, x, steps, zeroState(batch, half), { masks, reverse: true });
      const outputs = forward.outputs.map((f, t) => tf.concat([f, backward.outputs[t]!], 1));
      x = dropout(tf.concat(outputs, 0), this.config.dropout, training) as tf.Tensor2D;
      summary = tf.concat([forward.final.h, backward.final.h], 1);
    }
    const hidden = this.config.hiddenSize;
    const encoderOutputs = tf.transpose(tf.reshape(x, [steps, batch, hidden]), [1, 0, 2]) as tf.Tensor3D;
    const sourceMask = tf.reshape(tf.mul(tf.cast(tf.equal(src, 0), "float32"), maskedScore), [batch, 1, steps]) as tf.Tensor3D;
    const initial = this.weights.bridges.map((bridge) => ({
      h: fastTanh(applyLinear(bridge, summary!)) as tf.Tensor2D,
      c: tf.zeros([batch, hidden]) as tf.Tensor2D,
    }));
    return { memory: { encoderOutputs, sourceMask }, initial };
  }

  /** Decoder states [batch * steps, h] (batch-major) -> logits [batch * steps, vocab]. */
  private attendAndProject(states: tf.Tensor2D, memory: LstmMemory, steps: number, training: TrainingContext | undefined): tf.Tensor2D {
    const hidden = this.config.hiddenSize;
    const batch = states.shape[0] / steps;
    const queries = tf.reshape(applyLinear(this.weights.attentionScore, states), [batch, steps, hidden]);
    const scores = tf.add(tf.matMul(queries, memory.encoderOutputs, false, true), memory.sourceMask);
    const context = tf.reshape(tf.matMul(tf.softmax(scores), memory.encoderOutputs), [batch * steps, hidden]) as tf.Tensor2D;
    const combined = fastTanh(tf.add(applyLinear(this.weights.combineContext, context), applyLinear(this.weights.combineState, states)));
    return applyLinear(this.weights.output, dropout(combined, this.config.dropout, training) as tf.Tensor2D);
  }

  /** ids [batch, steps] -> embeddings in time-major rows [steps * batch, embedDim]. */
  private embedTimeMajor(ids: tf.Tensor2D, training: TrainingContext | undefined): tf.Tensor2D {
    const [batch, steps] = ids.shape;
    const embedded = tf.gather(this.weights.embedding, tf.reshape(tf.transpose(ids), [steps * batch]));
    return dropout(embedded, this.config.dropout, training) as tf.Tensor2D;
  }
}

function asLstmState(state: DecoderState): LstmDecoderState {
  if (!(state instanceof LstmDecoderState)) throw new Error("decoder state does not belong to an LSTM model");
  return state;
}
