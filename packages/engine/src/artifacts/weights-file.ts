import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import { z } from "zod";

export const WEIGHTS_FILE = "weights.bin";
export const WEIGHTS_MANIFEST_FILE = "weights.manifest.json";

const manifestSchema = z.object({
  format: z.literal("parley-weights-v1"),
  tensors: z.array(z.object({
    name: z.string(),
    shape: z.array(z.number().int().nonnegative()),
    dtype: z.literal("float32"),
    byteOffset: z.number().int().nonnegative(),
    byteLength: z.number().int().nonnegative(),
  })),
});
export type WeightsManifest = z.infer<typeof manifestSchema>;

export interface NamedArray { name: string; shape: number[]; values: Float32Array }

/** Writes float32 tensors as one little-endian blob plus a JSON manifest (names, shapes, offsets). */
export async function writeWeights(dir: string, arrays: readonly NamedArray[], baseName = "weights"): Promise<void> {
  const manifest: WeightsManifest = { format: "parley-weights-v1", tensors: [] };
  let offset = 0;
  for (const { name, shape, values } of arrays) {
    manifest.tensors.push({ name, shape, dtype: "float32", byteOffset: offset, byteLength: values.byteLength });
    offset += values.byteLength;
  }
  const blob = Buffer.alloc(offset);
  arrays.forEach(({ values }, i) => {
    const view = Buffer.from(values.buffer, values.byteOffset, values.byteLength);
    view.copy(blob, manifest.tensors[i]!.byteOffset);
  });
  await writeFile(path.join(dir, `${baseName}.bin`), blob);
  await writeFile(path.join(dir, `${baseName}.manifest.json`), JSON.stringify(manifest, null, 2) + "\n");
}

export async function readWeights(dir: string, baseName = "weights"): Promise<NamedArray[]> {
  const manifest = manifestSchema.parse(JSON.parse(await readFile(path.join(dir, `${baseName}.manifest.json`), "utf8")));
  const blob = await readFile(path.join(dir, `${baseName}.bin`));
  return manifest.tensors.map(({ name, shape, byteOffset, byteLength }) => {
    if (byteOffset + byteLength > blob.byteLength) throw new Error(`${baseName}.bin is truncated (tensor ${name})`);
    const expected = shape.reduce((a, b) => a * b, 1) * 4;
    if (expected !== byteLength) throw new Error(`tensor ${name}: shape [${shape}] does not match ${byteLength} bytes`);
    // Copy into an aligned buffer: Float32Array needs a 4-byte-aligned offset.
    const values = new Float32Array(byteLength / 4);
    new Uint8Array(values.buffer).set(blob.subarray(byteOffset, byteOffset + byteLength));
    return { name, shape, values };
  });
}

/** Snapshot of variables as plain arrays (for saving). */
export function variablesToArrays(named: ReadonlyArray<readonly [string, tf.Tensor]>): NamedArray[] {
  return named.map(([name, tensor]) => ({ name, shape: [...tensor.shape], values: tensor.dataSync() as Float32Array }));
}

export function arraysToTensors(arrays: readonly NamedArray[]): Map<string, tf.Tensor> {
  return new Map(arrays.map(({ name, shape, values }) => [name, tf.tensor(values, shape, "float32")]));
}
