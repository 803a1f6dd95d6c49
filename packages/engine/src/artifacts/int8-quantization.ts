/**
 * Symmetric per-channel int8 quantization of weight matrices (as in Jacob et al. 2018 and CTranslate2's int8
 * models): each channel c keeps scale_c = max|w_c| / 127 and q = round(w / scale_c) in [-127, 127]. Channels are the
 * rows of an embedding (one per token, which is also the output projection's channel when the embedding is tied)
 * and the columns (output units) of a [in, out] linear weight. Vectors (biases, norm gains) stay float32.
 */

export interface QuantizedArray {
  shape: number[];
  /** The axis whose entries have a scale each: 0 (rows) or shape.length - 1 (columns). */
  axis: number;
  values: Int8Array;
  scales: Float32Array;
}

/** The channel axis used for a tensor of this name and shape, or undefined to keep it float32. */
export function quantizationAxis(name: string, shape: readonly number[]): number | undefined {
  if (shape.length !== 2) return undefined;
  return /(^|\.)embedding$/.test(name) ? 0 : 1;
}

export function quantizeInt8(values: Float32Array, shape: readonly number[], axis: number): QuantizedArray {
  const [rows, columns] = shape as [number, number];
  const channels = axis === 0 ? rows : columns;
  const maxAbs = new Float32Array(channels);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      const channel = axis === 0 ? r : c;
      const magnitude = Math.abs(values[r * columns + c]!);
      if (magnitude > maxAbs[channel]!) maxAbs[channel] = magnitude;
    }
  }
  const scales = maxAbs.map((m) => (m === 0 ? 1 : m / 127));
  const quantized = new Int8Array(values.length);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      const i = r * columns + c;
      quantized[i] = Math.max(-127, Math.min(127, Math.round(values[i]! / scales[axis === 0 ? r : c]!)));
    }
  }
  return { shape: [...shape], axis, values: quantized, scales };
}

export function dequantizeInt8({ shape, axis, values, scales }: QuantizedArray): Float32Array {
  const columns = shape[1]!;
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    out[i] = values[i]! * scales[axis === 0 ? Math.floor(i / columns) : i % columns]!;
  }
  return out;
}
