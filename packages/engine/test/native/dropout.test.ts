import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-layers"; // its bundle registers the gradients of the tfjs-core ops
import { beforeAll, describe, expect, it } from "vitest";
import { loadNativeAddon } from "../../native/addon.js";
import { FUSED_DROPOUT, hasFusedKernel } from "../../src/backend/fused-kernels.js";
import { registerNativeKernels } from "../../src/backend/native-kernels.js";
import { dropout } from "../../src/models/ops/dropout.js";
import { SeededRandom } from "../../src/util/seeded-random.js";
import { useWasmBackend } from "./wasm-backend.js";

beforeAll(async () => {
  await useWasmBackend();
  registerNativeKernels();
});

const ones = (n: number) => new Float32Array(n).fill(1);

/** The addon's mask for n elements: 1 where kept, 0 where dropped. */
function mask(n: number, keep: number, seed: number): Uint8Array {
  const y = new Float32Array(n);
  loadNativeAddon()!.dropout(ones(n), y, keep, seed);
  return Uint8Array.from(y, (value) => (value === 0 ? 0 : 1));
}

/** Byte-wise equality: vitest's deep equality is slow on arrays of this size. */
const sameBits = (a: Uint8Array, b: Uint8Array) => a.length === b.length && Buffer.compare(a, b) === 0;
const fraction = (bits: Uint8Array) => bits.reduce((sum, bit) => sum + bit, 0) / bits.length;

describe("fused native dropout", () => {
  it("is registered with the native kernels", () => {
    expect(hasFusedKernel(FUSED_DROPOUT)).toBe(true);
  });

  it("keeps the asked fraction, scales kept values by 1 / keep, and spreads evenly over the array", () => {
    const n = 1 << 20;
    const y = new Float32Array(n);
    loadNativeAddon()!.dropout(ones(n), y, 0.9, 12345);
    expect(new Set(y)).toEqual(new Set([0, Math.fround(1 / 0.9)]));
    const bits = Uint8Array.from(y, (value) => (value === 0 ? 0 : 1));
    expect(Math.abs(fraction(bits) - 0.9)).toBeLessThan(0.002);
    for (const part of [bits.subarray(0, 1000), bits.subarray(n / 2, n / 2 + 1000), bits.subarray(n - 1000)]) {
      expect(Math.abs(fraction(part) - 0.9)).toBeLessThan(0.04);
    }
  });

  it("gives the same mask for the same seed and independent masks for different seeds", () => {
    const n = 200_000;
    const first = mask(n, 0.5, 7);
    expect(sameBits(mask(n, 0.5, 7), first)).toBe(true);
    const other = mask(n, 0.5, 8);
    const both = first.reduce((sum, bit, i) => sum + (bit & other[i]!), 0) / n;
    expect(Math.abs(both - 0.25)).toBeLessThan(0.005); // independent masks overlap in keep² of the elements
    const neighbours = first.reduce((sum, bit, i) => sum + (i > 0 ? bit & first[i - 1]! : 0), 0) / (n - 1);
    expect(Math.abs(neighbours - 0.25)).toBeLessThan(0.005);
  });

  it("does not depend on how many threads split the work", () => {
    const addon = loadNativeAddon()!;
    const threads = addon.info().threads;
    try {
      addon.setThreads(1);
      const n = 3 * 65536 + 17; // several of the kernel's chunks
      const single = mask(n, 0.8, 99);
      addon.setThreads(2);
      expect(sameBits(mask(n, 0.8, 99), single)).toBe(true);
    } finally {
      addon.setThreads(threads);
    }
  });

  it("passes gradients through the kept elements only, with the forward mask", () => {
    const x = tf.randomNormal([64, 48], 0, 1, "float32", 3);
    const weights = tf.randomNormal([64, 48], 0, 1, "float32", 4);
    const training = { random: new SeededRandom(5) };
    let forward: tf.Tensor | undefined;
    const gradient = tf.grad((input: tf.Tensor) => {
      forward = tf.keep(dropout(input, 0.25, training));
      return tf.sum(tf.mul(forward, weights));
    })(x);
    // d/dx sum(mask·x·w / keep) = mask·w / keep, and forward = mask·x / keep.
    const expected = tf.where(tf.equal(forward!, 0), tf.zerosLike(x), tf.mul(weights, Math.fround(1 / 0.75)));
    expect(Array.from(gradient.dataSync())).toEqual(Array.from(expected.dataSync()));
    expect(fraction(Uint8Array.from(forward!.dataSync(), (v) => (v === 0 ? 0 : 1)))).toBeCloseTo(0.75, 1);
  });

  it("is reproducible from the training context's generator and different on each call", () => {
    const x = tf.ones([100, 100]);
    const run = () => {
      const training = { random: new SeededRandom(11) };
      return [dropout(x, 0.5, training).dataSync(), dropout(x, 0.5, training).dataSync()];
    };
    const [a, b] = run();
    const [again] = run();
    expect(Array.from(again!)).toEqual(Array.from(a!));
    expect(Array.from(b!)).not.toEqual(Array.from(a!));
  });

  it("rejects a keep probability outside (0, 1]", () => {
    expect(() => loadNativeAddon()!.dropout(ones(4), new Float32Array(4), 0, 1)).toThrow(/keep/);
  });
});
