import type * as tf from "@tensorflow/tfjs-core";
import type { TransformerConfig } from "../config.js";
import type { ParameterSet } from "../parameters.js";
import { createLinear, type Linear } from "../ops/linear.js";

export interface NormWeights { gamma: tf.Variable; beta: tf.Variable }
export interface AttentionWeights { query: Linear; key: Linear; value: Linear; output: Linear }
export interface FeedForwardWeights { inner: Linear; outer: Linear }

export interface EncoderLayerWeights {
  selfNorm: NormWeights;
  selfAttention: AttentionWeights;
  feedForwardNorm: NormWeights;
  feedForward: FeedForwardWeights;
}

export interface DecoderLayerWeights extends EncoderLayerWeights {
  crossNorm: NormWeights;
  crossAttention: AttentionWeights;
}

export interface TransformerWeights {
  /** Shared by source and target embeddings and (transposed) the output projection. */
  embedding: tf.Variable;
  encoderLayers: EncoderLayerWeights[];
  encoderNorm: NormWeights;
  decoderLayers: DecoderLayerWeights[];
  decoderNorm: NormWeights;
}

function norm(params: ParameterSet, name: string, dim: number): NormWeights {
  return {
    gamma: params.create(`${name}.gamma`, [dim], { kind: "ones" }),
    beta: params.create(`${name}.beta`, [dim], { kind: "zeros" }),
  };
}

function attention(params: ParameterSet, name: string, dim: number): AttentionWeights {
  return {
    query: createLinear(params, `${name}.query`, dim, dim),
    key: createLinear(params, `${name}.key`, dim, dim),
    value: createLinear(params, `${name}.value`, dim, dim),
    output: createLinear(params, `${name}.output`, dim, dim),
  };
}

function feedForward(params: ParameterSet, name: string, dim: number, ffDim: number): FeedForwardWeights {
  return { inner: createLinear(params, `${name}.inner`, dim, ffDim), outer: createLinear(params, `${name}.outer`, ffDim, dim) };
}

export function createTransformerWeights(params: ParameterSet, config: TransformerConfig): TransformerWeights {
  const d = config.modelDim;
  const embedding = params.create("embedding", [config.vocabSize, d], { kind: "normal", std: Math.pow(d, -0.5) });
  const encoderLayers = Array.from({ length: config.encoderLayers }, (_, i) => ({
    selfNorm: norm(params, `encoder.${i}.selfNorm`, d),
    selfAttention: attention(params, `encoder.${i}.selfAttention`, d),
    feedForwardNorm: norm(params, `encoder.${i}.feedForwardNorm`, d),
    feedForward: feedForward(params, `encoder.${i}.feedForward`, d, config.ffDim),
  }));
  const encoderNorm = norm(params, "encoder.norm", d);
  const decoderLayers = Array.from({ length: config.decoderLayers }, (_, i) => ({
    selfNorm: norm(params, `decoder.${i}.selfNorm`, d),
    selfAttention: attention(params, `decoder.${i}.selfAttention`, d),
    crossNorm: norm(params, `decoder.${i}.crossNorm`, d),
    crossAttention: attention(params, `decoder.${i}.crossAttention`, d),
    feedForwardNorm: norm(params, `decoder.${i}.feedForwardNorm`, d),
    feedForward: feedForward(params, `decoder.${i}.feedForward`, d, config.ffDim),
  }));
  const decoderNorm = norm(params, "decoder.norm", d);
  return { embedding, encoderLayers, encoderNorm, decoderLayers, decoderNorm };
}
