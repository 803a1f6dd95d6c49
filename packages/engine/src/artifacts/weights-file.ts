import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import { z } from "zod";
import { dequantizeInt8, quantizationAxis, quantizeInt8 } from "./int8-quantization.js";

export const WEIGHTS_FILE = "weights.bin";
export const WEIGHTS_MANIFEST_FILE = "weights.manifest.json";

const byteRange = { byteOffset: z.number().int().nonnegative(), byteLength: z.number().int().nonnegative() };
const manifestSchema = z.object({
  format: z.enum(["parley-weights-v1", "parley-weights-v2"]),
  tensors: z.array(z.object({
    name: z.string(),
    shape: z.array(z.number().int().nonnegative()),
    /** int8 (v2 only): per-channel symmetric, see int8-quantization.ts; `scales` holds one float32 per channel. */
    dtype: z.enum(["float32", "int8"]),
    ...byteRange,
    scales: z.object({ axis: z.number().int().min(0).max(1), ...byteRange }).optional(),
  })),
});
export type WeightsManifest = z.infer<typeof manifestSchema>;

/** A named tensor's values; `int8` when the file stored it quantized (readWeights dequantizes it). */
export interface NamedArray { name: string; shape: number[]; values: Float32Array; int8?: boolean }

export interface WriteWeightsOptions {
  baseName?: string;
  /** Store matrices as per-channel int8 (about 4x smaller; vectors stay float32). Default false. */
  int8?: boolean;
}

/**
 * Writes tensors as one little-endian blob plus a JSON manifest (names, shapes, offsets): float32, or with
 * `int8` the matrices quantized per channel (format parley-weights-v2), dequantized again by readWeights.
 */
export async function writeWeights(dir: string, arrays: readonly NamedArray[], options: WriteWeightsOptions = {}): Promise<void> {
  const baseName = options.baseName ?? "weights";
  const manifest: WeightsManifest = { format: options.int8 === true ? "parley-weights-v2" : "parley-weights-v1", tensors: [] };
  const parts: Uint8Array[] = [];
  let offset = 0;
  const append = (bytes: ArrayBufferView) => {
    const range = { byteOffset: offset, byteLength: bytes.byteLength };
    parts.push(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    // Keep every part 4-byte aligned so float32 scales could be viewed in place.
    const padding = (4 - (bytes.byteLength % 4)) % 4;
    if (padding > 0) parts.push(new Uint8Array(padding));
    offset += bytes.byteLength + padding;
    return range;
  };
  for (const { name, shape, values } of arrays) {
    const axis = options.int8 === true ? quantizationAxis(name, shape) : undefined;
    if (axis === undefined) {
      manifest.tensors.push({ name, shape, dtype: "float32", ...append(values) });
    } else {
      const quantized = quantizeInt8(values, shape, axis);
      const data = append(quantized.values);
      manifest.tensors.push({ name, shape, dtype: "int8", ...data, scales: { axis, ...append(quantized.scales) } });
    }
  }
  const blob = Buffer.concat(parts);
  await writeFile(path.join(dir, `${baseName}.bin`), blob);
  await writeFile(path.join(dir, `${baseName}.manifest.json`), JSON.stringify(manifest, null, 2) + "\n");
}

export async function readWeights(dir: string, baseName = "weights"): Promise<NamedArray[]> {
  const manifest = manifestSchema.parse(JSON.parse(await readFile(path.join(dir, `${baseName}.manifest.json`), "utf8")));
  const blob = await readFile(path.join(dir, `${baseName}.bin`));
  const bytes = (name: string, byteOffset: number, byteLength: number, expected: number): Uint8Array => {
    if (byteOffset + byteLength > blob.byteLength) throw new Error(`${baseName}.bin is truncated (tensor ${name})`);
    if (expected !== byteLength) throw new Error(`tensor ${name}: ${expected} bytes expected, ${byteLength} listed`);
    // Copy into a fresh buffer: typed arrays need aligned offsets.
    return new Uint8Array(blob.subarray(byteOffset, byteOffset + byteLength));
  };
  return manifest.tensors.map(({ name, shape, dtype, byteOffset, byteLength, scales }) => {
    const size = shape.reduce((a, b) => a * b, 1);
    if (dtype === "float32") return { name, shape, values: new Float32Array(bytes(name, byteOffset, byteLength, size * 4).buffer) };
    if (scales === undefined || shape.length !== 2) throw new Error(`tensor ${name}: int8 needs a matrix and its scales`);
    const channels = shape[scales.axis]!;
    return {
      name, shape, int8: true, values: dequantizeInt8({
        shape, axis: scales.axis,
        values: new Int8Array(bytes(name, byteOffset, byteLength, size).buffer),
        scales: new Float32Array(bytes(name, scales.byteOffset, scales.byteLength, channels * 4).buffer),
      }),
    };
  });
}

/** Snapshot of variables as plain arrays (for saving). */
export function variablesToArrays(named: ReadonlyArray<readonly [string, tf.Tensor]>): NamedArray[] {
  return named.map(([name, tensor]) => ({ name, shape: [...tensor.shape], values: tensor.dataSync() as Float32Array }));
}

export function arraysToTensors(arrays: readonly NamedArray[]): Map<string, tf.Tensor> {
  return new Map(arrays.map(({ name, shape, values }) => [name, tf.tensor(values, shape, "float32")]));
}
