import * as tf from "@tensorflow/tfjs-core";
import type { ParameterSet } from "../parameters.js";
import { fastTanh } from "../ops/fast-tanh.js";

export interface LstmWeights {
  input: tf.Variable;
  recurrent: tf.Variable;
  bias: tf.Variable;
  hiddenSize: number;
}

export type LstmState = { h: tf.Tensor2D; c: tf.Tensor2D };

/** Gate order in the fused [*, 4h] matrices: input, forget, output, candidate. */
export function createLstmWeights(params: ParameterSet, name: string, inputSize: number, hiddenSize: number): LstmWeights {
  const input = params.create(`${name}.input`, [inputSize, 4 * hiddenSize], { kind: "xavierUniform" });
  const recurrent = params.create(`${name}.recurrent`, [hiddenSize, 4 * hiddenSize], { kind: "xavierUniform" });
  const bias = params.create(`${name}.bias`, [4 * hiddenSize], { kind: "zeros" });
  // Forget-gate bias of 1 (Jozefowicz et al., 2015) so early training keeps memory.
  bias.assign(tf.tidy(() => tf.concat([tf.zeros([hiddenSize]), tf.ones([hiddenSize]), tf.zeros([2 * hiddenSize])])));
  return { input, recurrent, bias, hiddenSize };
}

/** Input contributions to the gates for all steps at once: [steps * batch, in] -> [steps * batch, 4h]. */
export function inputGates(weights: LstmWeights, inputs: tf.Tensor2D): tf.Tensor2D {
  return tf.fused.matMul({ a: inputs, b: weights.input as tf.Tensor2D, bias: weights.bias }) as tf.Tensor2D;
}

/**
 * One LSTM step. All four gates go through one sigmoid (the vectorised activation on wasm);
 * the candidate is 2*sigmoid(z)-1 = tanh(z/2), i.e. a tanh with its pre-activation scaled,
 * which the weights absorb.
 */
export function lstmStep(weights: LstmWeights, gatesFromInput: tf.Tensor2D, state: LstmState): LstmState {
  const gates = tf.sigmoid(tf.add(gatesFromInput, tf.matMul(state.h, weights.recurrent as tf.Tensor2D)));
  const [inputGate, forgetGate, outputGate, candidate] = tf.split(gates, 4, 1) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
  const c = tf.add(tf.mul(forgetGate, state.c), tf.mul(inputGate, tf.sub(tf.mul(candidate, 2), 1))) as tf.Tensor2D;
  return { h: tf.mul(outputGate, fastTanh(c)) as tf.Tensor2D, c };
}

/** Keeps the previous state where mask is 0 (padding): prev + mask * (next - prev). */
function holdWhereMasked(next: LstmState, prev: LstmState, mask: tf.Tensor2D): LstmState {
  const blend = (a: tf.Tensor2D, b: tf.Tensor2D) => tf.add(b, tf.mul(mask, tf.sub(a, b))) as tf.Tensor2D;
  return { h: blend(next.h, prev.h), c: blend(next.c, prev.c) };
}

/**
 * Runs an LSTM over time-major inputs [steps * batch, in]. With `reverse`, steps run last to
 * first (outputs are still returned in time order). `masks[t]` [batch, 1] holds the state
 * across padding, so a reverse pass starts fresh at each sequence's last real token.
 */
export function runLstm(
  weights: LstmWeights, inputs: tf.Tensor2D, steps: number, initial: LstmState,
  options: { reverse?: boolean; masks?: tf.Tensor2D[] } = {},
): { outputs: tf.Tensor2D[]; final: LstmState } {
  const batch = inputs.shape[0] / steps;
  const perStep = tf.unstack(tf.reshape(inputGates(weights, inputs), [steps, batch, 4 * weights.hiddenSize])) as tf.Tensor2D[];
  const outputs = new Array<tf.Tensor2D>(steps);
  let state = initial;
  for (let k = 0; k < steps; k++) {
    const t = options.reverse === true ? steps - 1 - k : k;
    const next = lstmStep(weights, perStep[t]!, state);
    const mask = options.masks?.[t];
    state = mask === undefined ? next : holdWhereMasked(next, state, mask);
    outputs[t] = state.h;
  }
  return { outputs, final: state };
}

export function zeroState(batch: number, hiddenSize: number): LstmState {
  return { h: tf.zeros([batch, hiddenSize]), c: tf.zeros([batch, hiddenSize]) };
}
