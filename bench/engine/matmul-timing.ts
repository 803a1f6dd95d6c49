import * as tf from "@tensorflow/tfjs-core";

export interface MatMulShape {
  name: string;
  /** Shape of a and b as passed to tf.matMul (leading dims are batch dims). */
  a: number[];
  b: number[];
  transposeA: boolean;
  transposeB: boolean;
}

/** Floating point operations of one tf.matMul call with this shape. */
export function matMulFlops({ a, b, transposeA, transposeB }: MatMulShape): number {
  const [a0, a1] = a.slice(-2) as [number, number];
  const [b0, b1] = b.slice(-2) as [number, number];
  const [m, k] = transposeA ? [a1, a0] : [a0, a1];
  const n = transposeB ? b0 : b1;
  const batch = Math.max(tf.util.sizeFromShape(a.slice(0, -2)), tf.util.sizeFromShape(b.slice(0, -2)));
  return 2 * batch * m * n * k;
}

/**
 * Best time in ms of one matMul over `rounds` rounds of at least `roundMs` each (at least one
 * call per round). Best-of is used because the machine is shared: slower rounds measure the
 * neighbours, not the kernel. Kernels of the cpu and wasm backends run synchronously.
 */
export function timeMatMul(shape: MatMulShape, rounds: number, roundMs: number): number {
  const a = tf.randomNormal(shape.a);
  const b = tf.randomNormal(shape.b);
  const run = () => tf.matMul(a, b, shape.transposeA, shape.transposeB).dispose();
  run();
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < rounds; round++) {
    const start = performance.now();
    let calls = 0;
    do {
      run();
      calls++;
    } while (performance.now() - start < roundMs);
    best = Math.min(best, (performance.now() - start) / calls);
  }
  a.dispose();
  b.dispose();
  return best;
}

/** Best time in ms of `op` on a tensor of `shape` with values uniform in [low, high). */
export function timeUnary(op: (x: tf.Tensor) => tf.Tensor, shape: number[], [low, high]: [number, number], rounds: number): number {
  const x = tf.randomUniform(shape, low, high);
  op(x).dispose();
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < rounds; round++) {
    const start = performance.now();
    op(x).dispose();
    best = Math.min(best, performance.now() - start);
  }
  x.dispose();
  return best;
}
