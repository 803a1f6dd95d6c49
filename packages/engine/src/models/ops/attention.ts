import * as tf from "@tensorflow/tfjs-core";

/** [batch * length, heads * headDim] -> [batch, heads, length, headDim] */
export function splitHeads(x: tf.Tensor2D, batch: number, heads: number): tf.Tensor4D {
  const length = x.shape[0] / batch;
  const headDim = x.shape[1] / heads;
  return tf.transpose(tf.reshape(x, [batch, length, heads, headDim]), [0, 2, 1, 3]);
}

/** [batch, heads, length, headDim] -> [batch * length, heads * headDim] */
export function mergeHeads(x: tf.Tensor4D): tf.Tensor2D {
  const [batch, heads, length, headDim] = x.shape;
  return tf.reshape(tf.transpose(x, [0, 2, 1, 3]), [batch * length, heads * headDim]);
}

/**
 * Scaled dot-product attention. queries [b, h, tq, d] (already scaled by 1/sqrt(d)),
 * keys and values [b, h, tk, d], mask additive, broadcastable to [b, h, tq, tk].
 * (Batched matmuls run the same generic wasm loop with or without transposeB.)
 */
export function attend(queries: tf.Tensor4D, keys: tf.Tensor4D, values: tf.Tensor4D, mask: tf.Tensor | undefined): tf.Tensor4D {
  const scores = tf.matMul(queries, keys, false, true);
  const probabilities = tf.softmax(mask === undefined ? scores : tf.add(scores, mask));
  return tf.matMul(probabilities, values);
}
