import * as tf from "@tensorflow/tfjs-core";
import type { TransformerConfig } from "../config.js";
import { ParameterSet } from "../parameters.js";
import type { SeededRandom } from "../seeded-random.js";
import type { DecoderState, Seq2SeqModel, TrainingContext } from "../seq2seq-model.js";
import { PositionalEncoding } from "../ops/positional-encoding.js";
import { causalMask, paddingMask } from "../ops/masks.js";
import { dropout } from "../ops/dropout.js";
import { createTransformerWeights, type TransformerWeights } from "./transformer-weights.js";
import { TransformerDecoderState } from "./transformer-state.js";
import {
  attentionBlockOver, attentionOutput, feedForwardBlock, normalize, projectKeysValues, projectQueries, residual,
  selfAttentionBlock, type LayerShape,
} from "./transformer-layers.js";

/** Pre-LN Transformer encoder-decoder (Vaswani et al., 2017) with tied embeddings and a KV-cached decoder. */
export class TransformerModel implements Seq2SeqModel {
  readonly parameters: ParameterSet;
  private readonly weights: TransformerWeights;
  private readonly positions: PositionalEncoding;

  constructor(readonly config: TransformerConfig, random: SeededRandom) {
    this.parameters = new ParameterSet(random);
    this.weights = createTransformerWeights(this.parameters, config);
    this.positions = new PositionalEncoding(config.maxLength, config.modelDim);
  }

  forwardTrain(src: tf.Tensor2D, tgtIn: tf.Tensor2D, training?: TrainingContext): tf.Tensor2D {
    return tf.tidy(() => {
      const memory = this.runEncoder(src, training);
      const [batch, length] = tgtIn.shape;
      const shape = this.layerShape(batch, training);
      const selfMask = causalMask(length);
      const sourceMask = paddingMask(src);
      let x = this.embed(tgtIn, 0, training);
      for (const layer of this.weights.decoderLayers) {
        x = selfAttentionBlock(layer.selfAttention, layer.selfNorm, x, selfMask, shape);
        const { keys, values } = projectKeysValues(layer.crossAttention, memory, shape);
        x = attentionBlockOver(layer.crossAttention, layer.crossNorm, x, keys, values, sourceMask, shape);
        x = feedForwardBlock(layer.feedForward, layer.feedForwardNorm, x, shape);
      }
      return tf.matMul(normalize(x, this.weights.decoderNorm), tf.transpose(this.weights.embedding));
    });
  }

  encode(src: tf.Tensor2D): DecoderState {
    const memory = tf.tidy(() => {
      const encoded = this.runEncoder(src, undefined);
      const shape = this.layerShape(src.shape[0], undefined);
      const projected = this.weights.decoderLayers.map((layer) => projectKeysValues(layer.crossAttention, encoded, shape));
      return {
        crossKeys: projected.map((p) => p.keys),
        crossValues: projected.map((p) => p.values),
        sourceMask: paddingMask(src),
        outputProjection: tf.transpose(this.weights.embedding) as tf.Tensor2D,
      };
    });
    return new TransformerDecoderState(memory, undefined, undefined, 0);
  }

  decodeStep(state: DecoderState, prevTokens: tf.Tensor1D): { logits: tf.Tensor2D; state: DecoderState } {
    const s = asTransformerState(state);
    const result = tf.tidy(() => {
      const shape = this.layerShape(s.rows, undefined);
      let x = this.embed(tf.reshape(prevTokens, [s.rows, 1]), s.step, undefined);
      const selfKeys: tf.Tensor4D[] = [];
      const selfValues: tf.Tensor4D[] = [];
      this.weights.decoderLayers.forEach((layer, i) => {
        const h = normalize(x, layer.selfNorm);
        const step = projectKeysValues(layer.selfAttention, h, shape);
        const keys = s.selfKeys === undefined ? step.keys : tf.concat([s.selfKeys[i]!, step.keys], 2);
        const values = s.selfValues === undefined ? step.values : tf.concat([s.selfValues[i]!, step.values], 2);
        const queries = projectQueries(layer.selfAttention, h, shape);
        x = residual(x, attentionOutput(layer.selfAttention, queries, keys, values, undefined), shape);
        x = attentionBlockOver(layer.crossAttention, layer.crossNorm, x, s.memory.crossKeys[i]!, s.memory.crossValues[i]!, s.memory.sourceMask, shape);
        x = feedForwardBlock(layer.feedForward, layer.feedForwardNorm, x, shape);
        selfKeys.push(keys);
        selfValues.push(values);
      });
      const logits = tf.matMul(normalize(x, this.weights.decoderNorm), s.memory.outputProjection);
      return { logits, selfKeys, selfValues };
    });
    return { logits: result.logits as tf.Tensor2D, state: s.withCaches(result.selfKeys, result.selfValues) };
  }

  selectRows(state: DecoderState, rows: tf.Tensor1D): DecoderState {
    return asTransformerState(state).selectRows(rows);
  }

  dispose(): void {
    this.parameters.dispose();
    this.positions.dispose();
  }

  private runEncoder(src: tf.Tensor2D, training: TrainingContext | undefined): tf.Tensor2D {
    const shape = this.layerShape(src.shape[0], training);
    const mask = paddingMask(src);
    let x = this.embed(src, 0, training);
    for (const layer of this.weights.encoderLayers) {
      x = selfAttentionBlock(layer.selfAttention, layer.selfNorm, x, mask, shape);
      x = feedForwardBlock(layer.feedForward, layer.feedForwardNorm, x, shape);
    }
    return normalize(x, this.weights.encoderNorm);
  }

  /** ids [batch, length] at positions offset.. -> scaled embeddings + positions, [batch * length, modelDim]. */
  private embed(ids: tf.Tensor2D, offset: number, training: TrainingContext | undefined): tf.Tensor2D {
    const [batch, length] = ids.shape;
    const d = this.config.modelDim;
    const embedded = tf.mul(tf.gather(this.weights.embedding, tf.reshape(ids, [batch * length])), Math.sqrt(d));
    const positioned = tf.add(tf.reshape(embedded, [batch, length, d]), this.positions.rows(offset, length));
    return dropout(tf.reshape(positioned, [batch * length, d]), this.config.dropout, training) as tf.Tensor2D;
  }

  private layerShape(batch: number, training: TrainingContext | undefined): LayerShape {
    return { batch, heads: this.config.heads, dropout: this.config.dropout, training };
  }
}

function asTransformerState(state: DecoderState): TransformerDecoderState {
  if (!(state instanceof TransformerDecoderState)) throw new Error("decoder state does not belong to a Transformer");
  return state;
}
