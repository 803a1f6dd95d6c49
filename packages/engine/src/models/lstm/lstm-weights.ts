import type * as tf from "@tensorflow/tfjs-core";
import type { LstmConfig } from "../config.js";
import type { ParameterSet } from "../parameters.js";
import { createLinear, type Linear } from "../ops/linear.js";
import { createLstmWeights, type LstmWeights } from "./lstm-layer.js";

export interface LstmSeq2SeqWeights {
  /** Shared by source and target (one joint vocabulary). */
  embedding: tf.Variable;
  encoderForward: LstmWeights[];
  encoderBackward: LstmWeights[];
  /** Encoder summary -> initial hidden state, one per decoder layer. */
  bridges: Linear[];
  decoder: LstmWeights[];
  /** Luong "general" score: decoder state · W · encoder output. */
  attentionScore: Linear;
  /** tanh(context · Wc + state · Wh + b): the attentional hidden state. */
  combineContext: Linear;
  combineState: Linear;
  output: Linear;
}

export function createLstmSeq2SeqWeights(params: ParameterSet, config: LstmConfig): LstmSeq2SeqWeights {
  const hidden = config.hiddenSize;
  const half = hidden / 2;
  // Unit scale, as the Transformer's (scaled) embeddings: with uniform(0.1) the gates' pre-activations
  // start near 0.03 and the states near 0, and the first few hundred steps learn unigrams only.
  const embedding = params.create("embedding", [config.vocabSize, config.embedDim], { kind: "normal", std: 1 });
  const encoderForward: LstmWeights[] = [];
  const encoderBackward: LstmWeights[] = [];
  for (let i = 0; i < config.encoderLayers; i++) {
    const inputSize = i === 0 ? config.embedDim : hidden;
    encoderForward.push(createLstmWeights(params, `encoder.${i}.forward`, inputSize, half));
    encoderBackward.push(createLstmWeights(params, `encoder.${i}.backward`, inputSize, half));
  }
  const bridges = Array.from({ length: config.decoderLayers }, (_, i) => createLinear(params, `bridge.${i}`, hidden, hidden));
  const decoder = Array.from({ length: config.decoderLayers }, (_, i) =>
    createLstmWeights(params, `decoder.${i}`, i === 0 ? config.embedDim : hidden, hidden));
  return {
    embedding,
    encoderForward,
    encoderBackward,
    bridges,
    decoder,
    attentionScore: createLinear(params, "attention.score", hidden, hidden, false),
    combineContext: createLinear(params, "attention.combineContext", hidden, hidden, false),
    combineState: createLinear(params, "attention.combineState", hidden, hidden),
    output: createLinear(params, "output", hidden, config.vocabSize),
  };
}
