#pragma once
// A pre-LN Transformer encoder-decoder held in native memory for inference: the same weights as the engine's
// TransformerModel (models/transformer), copied once, with the attention projections concatenated so that one
// sgemm computes queries, keys and values together.
#include <cstdint>
#include <vector>

#include "small-batch-linear.h"

// y = x·W + bias for x [rows, in]. W [in, out] and bias arrive in the engine's layout and are kept packed into
// panels (small-batch-linear.h), float32 or int8; `weight` is emptied once packed.
struct LinearWeights {
  int64_t in = 0, out = 0;
  std::vector<float> weight;  // [in, out] until packed
  std::vector<float> bias;    // [out]
  PackedLinear packed;
};

struct NormWeights {
  std::vector<float> gamma, beta;
};

struct EncoderLayerWeights {
  NormWeights selfNorm;
  LinearWeights queryKeyValue;  // [d, 3d]: query | key | value columns
  LinearWeights selfOutput;
  NormWeights feedForwardNorm;
  LinearWeights inner, outer;
};

struct DecoderLayerWeights {
  NormWeights selfNorm;
  LinearWeights queryKeyValue;  // [d, 3d]
  LinearWeights selfOutput;
  NormWeights crossNorm;
  LinearWeights crossQuery;     // [d, d]
  LinearWeights crossKeyValue;  // [d, 2d]: key | value columns, applied to the encoder output once per decode
  LinearWeights crossOutput;
  NormWeights feedForwardNorm;
  LinearWeights inner, outer;
};

struct TransformerDims {
  int64_t vocab = 0, modelDim = 0, heads = 0, ffDim = 0, maxLength = 0, encoderLayers = 0, decoderLayers = 0;
  int64_t headDim() const { return modelDim / heads; }
};

struct TransformerWeightsNative {
  TransformerDims dims;
  std::vector<float> embedding;      // [vocab, d], shared by source and target
  LinearWeights outputProjection;    // the embedding transposed, [d, vocab], with a zero bias (tied output layer)
  std::vector<float> positions;         // [maxLength, d] sinusoidal table
  std::vector<EncoderLayerWeights> encoder;
  NormWeights encoderNorm;
  std::vector<DecoderLayerWeights> decoder;
  NormWeights decoderNorm;
};

// Number of float arrays TransformerFromArrays expects, in the order documented in inference-bindings.cc.
int64_t TransformerArrayCount(const TransformerDims& dims);

// Builds the model from `arrays` (views of float32 data with their lengths); returns false with `error` set when
// a length does not match `dims`.
struct FloatSpan {
  const float* data;
  int64_t length;
};
// Every linear layer (and the output projection) is also packed for small batches, as int8 with `int8`.
bool TransformerFromArrays(const TransformerDims& dims, const std::vector<FloatSpan>& arrays, bool int8,
                           TransformerWeightsNative* model, const char** error);
