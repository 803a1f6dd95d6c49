import { describe, it, expect, beforeAll } from "vitest";
import * as tf from "@tensorflow/tfjs-core";
import { initBackend } from "../../src/backend/init-backend.js";

// Every kernel the engine registers over the wasm backend (its JS kernels and the native addon's),
// run on every dtype tfjs accepts, against the cpu backend's own kernel: same dtype, shape and
// values, or the same refusal.

type Case = [name: string, compute: (x: tf.Tensor) => tf.Tensor | tf.Tensor[]];
interface Outcome { results?: Array<{ dtype: string; shape: number[]; values: number[] }>; error?: string }

const DTYPES = ["float32", "int32", "bool"] as const;
const ids = () => tf.tensor1d([2, 0, 3, 2, 1], "int32");

const CASES: Case[] = [
  ["slice", (x) => [tf.slice(x, [1, 1, 2], [2, 2, 3]), tf.slice(x, [0, 1, 0], [4, 2, 5]), tf.slice(tf.reshape(x, [-1]), [3], [17])]],
  ["split", (x) => tf.split(x, [1, 3, 1], 2)],
  ["unstack", (x) => [...tf.unstack(x, 0), ...tf.unstack(x, 1)]],
  ["gather axis 0", (x) => [tf.gather(x, ids()), tf.gather(tf.reshape(x, [4, 15]), tf.tensor2d([[3, 0], [1, 1]], [2, 2], "int32"))]],
  ["gather inner axis", (x) => [tf.gather(x, tf.tensor1d([2, 0], "int32"), 1), tf.gather(x, tf.tensor1d([4, 4, 0], "int32"), 2)]],
  ["gather batch dims", (x) => tf.gather(x, tf.tensor2d([[0, 2], [1, 1], [2, 0], [0, 0]], [4, 2], "int32"), 1, 1)],
  ["sum", (x) => [tf.sum(x, 0), tf.sum(x, [0, 1], true), tf.sum(x, -1), tf.sum(x)]],
  ["matMul", (x) => {
    const m = tf.reshape(x, [12, 5]);
    return [tf.matMul(m, m, true, false), tf.matMul(m, m, false, true), tf.matMul(m, tf.transpose(m))];
  }],
  ["unsortedSegmentSum", (x) => tf.unsortedSegmentSum(tf.reshape(x, [4, 15]), tf.tensor1d([1, 0, 1, 2], "int32"), 3)],
  ["transpose", (x) => [tf.transpose(x, [2, 0, 1]), tf.transpose(x)]],
  ["identity and same-dtype cast", (x) => [tf.clone(x), tf.cast(x, x.dtype)]],
  ["cast", (x) => DTYPES.map((dtype) => tf.cast(x, dtype))],
  ["exp, log, tanh", (x) => [tf.exp(x), tf.log(tf.abs(x)), tf.tanh(x)]],
];

function input(dtype: (typeof DTYPES)[number]): tf.Tensor {
  const values = Array.from({ length: 4 * 3 * 5 }, (_, i) => ((i * 37) % 11) - 4 + (dtype === "float32" ? 0.25 : 0));
  return tf.tensor3d(values.map((v) => (dtype === "bool" ? Number(v > 0) : v)), [4, 3, 5], dtype);
}

function run(backend: string, dtype: (typeof DTYPES)[number], compute: Case[1]): Outcome {
  const previous = tf.getBackend();
  // Both backends are initialised, so setBackend switches synchronously.
  void tf.setBackend(backend);
  try {
    return tf.tidy(() => {
      const out = compute(input(dtype));
      const list = Array.isArray(out) ? out : [out];
      return { results: list.map((t) => ({ dtype: t.dtype, shape: t.shape, values: Array.from(t.dataSync()) })) };
    });
  } catch (error) {
    return { error: (error as Error).message };
  } finally {
    void tf.setBackend(previous);
  }
}

/** tfjs-backend-wasm's own BatchMatMul refuses these; the engine's kernels hand them to it unchanged. */
const STOCK_WASM_REFUSES = /BatchMatMul for non non-float32 tensors not yet supported/;

function expectSame(actual: Outcome, expected: Outcome, stockRefusal?: RegExp): void {
  if (stockRefusal !== undefined) {
    expect(actual.error).toMatch(stockRefusal);
    return;
  }
  if (expected.error !== undefined) {
    expect(actual.error, "the cpu backend refuses this").toBeDefined();
    return;
  }
  expect(actual.error).toBeUndefined();
  expect(actual.results!.map((r) => [r.dtype, r.shape])).toEqual(expected.results!.map((r) => [r.dtype, r.shape]));
  actual.results!.forEach((result, i) => {
    const want = expected.results![i]!.values;
    result.values.forEach((value, j) => {
      if (Number.isNaN(want[j]!)) expect(value, `output ${i} element ${j}`).toBeNaN();
      else expect(Math.abs(value - want[j]!), `output ${i} element ${j}`).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(want[j]!)));
    });
  });
}

describe("custom wasm kernels on every dtype", () => {
  beforeAll(async () => {
    expect((await initBackend("wasm")).name).toBe("wasm");
    await tf.setBackend("cpu");
    await tf.setBackend("wasm");
  });

  for (const [name, compute] of CASES) {
    for (const dtype of DTYPES) {
      it(`${name} on ${dtype} equals the cpu backend's`, () => {
        const refused = name === "matMul" && dtype !== "float32" ? STOCK_WASM_REFUSES : undefined;
        expectSame(run("wasm", dtype, compute), run("cpu", dtype, compute), refused);
      });
    }
  }

  it("slices a bool matrix exactly (issue 12: [[0,1],[1,0]] came back as zeros)", () => {
    const x = tf.tensor2d([[0, 1], [1, 0]], [2, 2], "bool");
    expect(tf.slice(x, [0, 0], [2, 1]).arraySync()).toEqual([[0], [1]]);
    expect(tf.unstack(x).map((t) => t.arraySync())).toEqual([[0, 1], [1, 0]]);
    expect(tf.gather(x, tf.tensor1d([1, 0, 1], "int32")).arraySync()).toEqual([[1, 0], [0, 1], [1, 0]]);
  });
});
