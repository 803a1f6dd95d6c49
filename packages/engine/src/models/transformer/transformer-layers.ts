import * as tf from "@tensorflow/tfjs-core";
import type { TrainingContext } from "../seq2seq-model.js";
import { applyLinear } from "../ops/linear.js";
import { layerNorm } from "../ops/layer-norm.js";
import { dropout } from "../ops/dropout.js";
import { attend, mergeHeads, splitHeads } from "../ops/attention.js";
import type { AttentionWeights, FeedForwardWeights, NormWeights } from "./transformer-weights.js";

/** Activations are [batch * length, modelDim] matrices between layers. */
export interface LayerShape { batch: number; heads: number; dropout: number; training: TrainingContext | undefined }

export function normalize(x: tf.Tensor2D, weights: NormWeights): tf.Tensor2D {
  return layerNorm(x, weights.gamma as tf.Tensor1D, weights.beta as tf.Tensor1D);
}

/** Keys and values [b, h, len, dh] of `source` rows for attention. */
export function projectKeysValues(weights: AttentionWeights, source: tf.Tensor2D, shape: LayerShape): { keys: tf.Tensor4D; values: tf.Tensor4D } {
  return {
    keys: splitHeads(applyLinear(weights.key, source), shape.batch, shape.heads),
    values: splitHeads(applyLinear(weights.value, source), shape.batch, shape.heads),
  };
}

export function projectQueries(weights: AttentionWeights, x: tf.Tensor2D, shape: LayerShape): tf.Tensor4D {
  const headDim = x.shape[1] / shape.heads;
  return splitHeads(tf.mul(applyLinear(weights.query, x), 1 / Math.sqrt(headDim)) as tf.Tensor2D, shape.batch, shape.heads);
}

/** Attention output projected back to [rows, modelDim]. */
export function attentionOutput(
  weights: AttentionWeights, queries: tf.Tensor4D, keys: tf.Tensor4D, values: tf.Tensor4D, mask: tf.Tensor | undefined,
): tf.Tensor2D {
  return applyLinear(weights.output, mergeHeads(attend(queries, keys, values, mask)));
}

/** x + dropout(sublayer(x)) */
export function residual(x: tf.Tensor2D, sublayerOutput: tf.Tensor2D, shape: LayerShape): tf.Tensor2D {
  return tf.add(x, dropout(sublayerOutput, shape.dropout, shape.training)) as tf.Tensor2D;
}

export function feedForwardBlock(weights: FeedForwardWeights, norm: NormWeights, x: tf.Tensor2D, shape: LayerShape): tf.Tensor2D {
  const hidden = applyLinear(weights.inner, normalize(x, norm), "relu");
  return residual(x, applyLinear(weights.outer, hidden), shape);
}

/** Pre-LN self-attention block over full sequences. */
export function selfAttentionBlock(
  weights: AttentionWeights, norm: NormWeights, x: tf.Tensor2D, mask: tf.Tensor, shape: LayerShape,
): tf.Tensor2D {
  const h = normalize(x, norm);
  const { keys, values } = projectKeysValues(weights, h, shape);
  return residual(x, attentionOutput(weights, projectQueries(weights, h, shape), keys, values, mask), shape);
}

/** Pre-LN attention block over precomputed keys/values (encoder memory, or a decoder cache). */
export function attentionBlockOver(
  weights: AttentionWeights, norm: NormWeights, x: tf.Tensor2D, keys: tf.Tensor4D, values: tf.Tensor4D,
  mask: tf.Tensor | undefined, shape: LayerShape,
): tf.Tensor2D {
  const queries = projectQueries(weights, normalize(x, norm), shape);
  return residual(x, attentionOutput(weights, queries, keys, values, mask), shape);
}
