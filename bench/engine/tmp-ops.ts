import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
setWasmPaths(join(dirname(createRequire(import.meta.url).resolve("@tensorflow/tfjs-backend-wasm")), "/"));
await tf.setBackend("wasm");
const x = tf.randomNormal([1280, 8000]);
const y = tf.randomNormal([1280, 8000]);
const row = tf.randomNormal([1280, 1]);
function best(label: string, f: () => tf.Tensor) {
  f().dispose(); let b = 1e9;
  for (let r = 0; r < 7; r++) { const t0 = performance.now(); f().dispose(); b = Math.min(b, performance.now() - t0); }
  console.log(label.padEnd(28), b.toFixed(2), "ms", (10.24e6 / b / 1e3).toFixed(0), "Melem/s");
}
const idx = tf.randomUniform([1280], 0, 8000, "int32");
const table = tf.randomNormal([8000, 256]);
best("mul small*big", () => tf.mul(row, x));
best("mul big*small", () => tf.mul(x, row));
best("sub small-big", () => tf.sub(row, x));
best("sub big-small", () => tf.sub(x, row));
best("div big/small", () => tf.div(x, row));
best("sum axis 1", () => tf.sum(x, 1));
best("sum axis 0", () => tf.sum(x, 0));
best("cast f32", () => tf.cast(x, "float32"));
best("clone", () => tf.clone(x));
best("gather 1280 rows", () => tf.gather(table, idx));
best("transpose 2d", () => tf.transpose(x));
best("max axis 1", () => tf.max(x, 1));
