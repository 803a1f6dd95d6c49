import * as tf from "@tensorflow/tfjs-core";

/** Added to attention scores of masked keys: exp() of it underflows to exactly 0. */
export const maskedScore = -1e9;

/** Additive key mask [batch, 1, 1, srcLength] from int32 ids [batch, srcLength]: 0 for tokens, -1e9 for pad (id 0). */
export function paddingMask(ids: tf.Tensor2D): tf.Tensor4D {
  const [batch, length] = ids.shape;
  return tf.reshape(tf.mul(tf.cast(tf.equal(ids, 0), "float32"), maskedScore), [batch, 1, 1, length]);
}

/** Additive causal mask [1, 1, length, length]: position i may not attend to j > i. */
export function causalMask(length: number): tf.Tensor4D {
  const values = new Float32Array(length * length);
  for (let i = 0; i < length; i++) for (let j = i + 1; j < length; j++) values[i * length + j] = maskedScore;
  return tf.tensor4d(values, [1, 1, length, length]);
}
