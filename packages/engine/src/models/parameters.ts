import * as tf from "@tensorflow/tfjs-core";
import type { SeededRandom } from "./seeded-random.js";

export type Initializer =
  | { kind: "zeros" }
  | { kind: "ones" }
  | { kind: "constant"; value: number }
  | { kind: "xavierUniform" }
  | { kind: "uniform"; limit: number }
  | { kind: "normal"; std: number };

function initialValues(shape: number[], init: Initializer, random: SeededRandom): Float32Array {
  const size = shape.reduce((a, b) => a * b, 1);
  const values = new Float32Array(size);
  switch (init.kind) {
    case "zeros":
      return values;
    case "ones":
      return values.fill(1);
    case "constant":
      return values.fill(init.value);
    case "normal":
      for (let i = 0; i < size; i++) values[i] = random.nextNormal() * init.std;
      return values;
    case "uniform":
    case "xavierUniform": {
      const fanIn = shape.length > 1 ? shape[shape.length - 2]! : shape[0]!;
      const fanOut = shape[shape.length - 1]!;
      const limit = init.kind === "uniform" ? init.limit : Math.sqrt(6 / (fanIn + fanOut));
      for (let i = 0; i < size; i++) values[i] = (random.next() * 2 - 1) * limit;
      return values;
    }
  }
}

/**
 * A model's trainable tensors by stable name, in creation order. The order is the layout of
 * the optimizer's flat state and of weights.bin, so models must create parameters
 * deterministically.
 */
export class ParameterSet {
  private readonly byName = new Map<string, tf.Variable>();

  constructor(private readonly random: SeededRandom) {}

  create(name: string, shape: number[], init: Initializer): tf.Variable {
    if (this.byName.has(name)) throw new Error(`duplicate parameter name ${name}`);
    const initial = tf.tensor(initialValues(shape, init, this.random), shape);
    const variable = tf.variable(initial, true, `${name}#${this.nextId()}`);
    initial.dispose();
    this.byName.set(name, variable);
    return variable;
  }

  get names(): string[] {
    return [...this.byName.keys()];
  }

  get variables(): tf.Variable[] {
    return [...this.byName.values()];
  }

  get(name: string): tf.Variable {
    const variable = this.byName.get(name);
    if (variable === undefined) throw new Error(`unknown parameter ${name}`);
    return variable;
  }

  get count(): number {
    return this.variables.reduce((sum, v) => sum + v.size, 0);
  }

  /** Replaces every parameter's value; shapes must match exactly. */
  assignAll(values: ReadonlyMap<string, tf.Tensor>): void {
    for (const [name, variable] of this.byName) {
      const value = values.get(name);
      if (value === undefined) throw new Error(`missing weights for parameter ${name}`);
      if (!tf.util.arraysEqual(value.shape, variable.shape)) {
        throw new Error(`shape mismatch for ${name}: got [${value.shape}], expected [${variable.shape}]`);
      }
      variable.assign(value);
    }
    if (values.size !== this.byName.size) {
      const extra = [...values.keys()].filter((n) => !this.byName.has(n));
      throw new Error(`weights for unknown parameters: ${extra.join(", ")}`);
    }
  }

  dispose(): void {
    for (const variable of this.byName.values()) variable.dispose();
    this.byName.clear();
  }

  private static counter = 0;
  private nextId(): number {
    return ParameterSet.counter++;
  }
}
