import * as tf from "@tensorflow/tfjs-core";
import type { ParameterSet } from "../parameters.js";

export interface Linear {
  readonly weight: tf.Variable;
  readonly bias: tf.Variable | undefined;
}

export function createLinear(params: ParameterSet, name: string, inputs: number, outputs: number, withBias = true): Linear {
  return {
    weight: params.create(`${name}.weight`, [inputs, outputs], { kind: "xavierUniform" }),
    bias: withBias ? params.create(`${name}.bias`, [outputs], { kind: "zeros" }) : undefined,
  };
}

/** x [rows, inputs] -> [rows, outputs], optionally with a fused ReLU. */
export function applyLinear(layer: Linear, x: tf.Tensor2D, activation?: "relu"): tf.Tensor2D {
  return tf.fused.matMul({ a: x, b: layer.weight as tf.Tensor2D, bias: layer.bias, activation: activation ?? "linear" }) as tf.Tensor2D;
}
