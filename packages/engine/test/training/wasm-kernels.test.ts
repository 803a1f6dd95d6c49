import { describe, it, expect, beforeAll } from "vitest";
import * as tf from "@tensorflow/tfjs-core";
import { initBackend } from "../../src/backend/init-backend.js";
import { maxRelativeDifference } from "../support/compare.js";

/** Runs `compute` on a backend and returns plain arrays, so results can be compared across backends. */
async function onBackend(name: string, compute: () => tf.Tensor[]): Promise<Float32Array[]> {
  await tf.setBackend(name);
  const outputs = tf.tidy(compute);
  const values = outputs.map((t) => Float32Array.from(t.dataSync()));
  tf.dispose(outputs);
  return values;
}

function seededValues(count: number, seed: number): Float32Array {
  let state = seed;
  return Float32Array.from({ length: count }, () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31 - 0.5;
  });
}

describe("wasm custom kernels", () => {
  beforeAll(async () => {
    const info = await initBackend("wasm");
    expect(info.name).toBe("wasm");
  });

  it("embedding (gather) gradient equals the cpu backend's", async () => {
    const table = seededValues(50 * 16, 1);
    const upstream = seededValues(2 * 7 * 16, 2);
    const ids = [3, 3, 0, 49, 7, 3, 12, 1, 0, 0, 49, 8, 8, 3];
    const compute = () => {
      const embeddings = tf.tensor2d(table, [50, 16]);
      const indices = tf.tensor2d(ids, [2, 7], "int32");
      const dy = tf.tensor3d(upstream, [2, 7, 16]);
      const grad = tf.grad((e: tf.Tensor) => tf.sum(tf.mul(tf.gather(e, indices), dy)))(embeddings);
      return [grad, tf.gather(embeddings, indices)];
    };
    const [wasmGrad, wasmGather] = await onBackend("wasm", compute);
    const [cpuGrad, cpuGather] = await onBackend("cpu", compute);
    await tf.setBackend("wasm");
    // Rows are summed in a different order than on cpu, so allow float32 rounding only.
    expect(maxRelativeDifference(wasmGrad!, cpuGrad!)).toBeLessThan(1e-6);
    expect(wasmGather).toEqual(cpuGather);
  });

  it("transposed matmuls and their gradients equal the cpu backend's", async () => {
    const aValues = seededValues(96 * 40, 3);
    const bValues = seededValues(40 * 24, 4);
    const compute = () => {
      const a = tf.tensor2d(aValues, [96, 40]);
      const b = tf.tensor2d(bValues, [40, 24]);
      const f = (x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.square(tf.matMul(x as tf.Tensor2D, y as tf.Tensor2D)));
      const [da, db] = tf.grads(f)([a, b]);
      const at = tf.transpose(a);
      const bt = tf.transpose(b);
      return [da!, db!, tf.matMul(at, b, true, false), tf.matMul(a, bt, false, true), tf.matMul(at, bt, true, true)];
    };
    const wasm = await onBackend("wasm", compute);
    const cpu = await onBackend("cpu", compute);
    await tf.setBackend("wasm");
    for (let i = 0; i < wasm.length; i++) {
      expect(maxRelativeDifference(wasm[i]!, cpu[i]!)).toBeLessThan(1e-5);
    }
  });

  it("large transposes take the blocked path and stay exact", async () => {
    const values = seededValues(512 * 300, 5);
    const compute = () => {
      const x = tf.tensor2d(values, [512, 300]);
      const ones = tf.eye(512);
      return [tf.matMul(x, ones, true, false)];
    };
    const [wasm] = await onBackend("wasm", compute);
    const [cpu] = await onBackend("cpu", compute);
    await tf.setBackend("wasm");
    expect(wasm).toEqual(cpu);
  });

  it("sums over leading axes (bias gradients) like the cpu backend", async () => {
    const values = seededValues(6 * 70 * 33, 6);
    const compute = () => {
      const x = tf.tensor3d(values, [6, 70, 33]);
      return [tf.sum(x, 0), tf.sum(x, [0, 1], true), tf.sum(tf.reshape(x, [420, 33]), 0), tf.sum(x, -1), tf.sum(x, 1)];
    };
    const wasm = await onBackend("wasm", compute);
    const cpu = await onBackend("cpu", compute);
    await tf.setBackend("wasm");
    for (let i = 0; i < wasm.length; i++) expect(maxRelativeDifference(wasm[i]!, cpu[i]!)).toBeLessThan(1e-5);
    const shapes = tf.tidy(() => {
      const x = tf.zeros([6, 70, 33]);
      return [tf.sum(x, 0).shape, tf.sum(x, [0, 1], true).shape];
    });
    expect(shapes).toEqual([[70, 33], [1, 1, 33]]);
  });

  it("slices, splits and unstacks on the heap like the cpu backend", async () => {
    const values = seededValues(5 * 6 * 7, 7);
    const compute = () => {
      const x = tf.tensor3d(values, [5, 6, 7]);
      return [
        tf.slice(x, [1, 2, 3], [3, 2, 4]), tf.slice(x, [2, 0, 0], [2, 6, 7]), tf.slice(x, [0, 1, 0], [5, 4, 7]),
        tf.slice(tf.reshape(x, [-1]), [17], [100]), ...tf.split(x, [1, 4, 2], 2), ...tf.unstack(x, 1), ...tf.unstack(x, 0),
      ];
    };
    const wasm = await onBackend("wasm", compute);
    const cpu = await onBackend("cpu", compute);
    await tf.setBackend("wasm");
    expect(wasm).toEqual(cpu);
    const shapes = tf.tidy(() => tf.unstack(tf.zeros([5, 6, 7]), 1).map((t) => t.shape));
    expect(shapes[0]).toEqual([5, 7]);
  });
});
