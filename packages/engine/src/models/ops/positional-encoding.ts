import * as tf from "@tensorflow/tfjs-core";

/** Sinusoidal position table [maxLength, dim] (Vaswani et al., 2017). */
export function sinusoidalTable(maxLength: number, dim: number): Float32Array {
  const table = new Float32Array(maxLength * dim);
  for (let pos = 0; pos < maxLength; pos++) {
    for (let i = 0; i < dim; i += 2) {
      const angle = pos / Math.pow(10000, i / dim);
      table[pos * dim + i] = Math.sin(angle);
      if (i + 1 < dim) table[pos * dim + i + 1] = Math.cos(angle);
    }
  }
  return table;
}

/** Holds the table as one kept tensor and hands out row ranges. */
export class PositionalEncoding {
  private readonly table: tf.Tensor2D;

  constructor(readonly maxLength: number, readonly dim: number) {
    this.table = tf.keep(tf.tensor2d(sinusoidalTable(maxLength, dim), [maxLength, dim]));
  }

  /** Rows [start, start + length). */
  rows(start: number, length: number): tf.Tensor2D {
    if (start + length > this.maxLength) {
      throw new Error(`sequence position ${start + length} exceeds the model's maxLength ${this.maxLength}`);
    }
    return tf.slice(this.table, [start, 0], [length, this.dim]);
  }

  dispose(): void {
    this.table.dispose();
  }
}
