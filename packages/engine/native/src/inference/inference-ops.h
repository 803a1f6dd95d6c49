#pragma once
// The building blocks of a Transformer forward pass at inference time, over row-major [rows, width] buffers.
#include <cstdint>
#include <vector>

#include "transformer-model.h"

// y [rows, out] = x [rows, in]·W + bias, then ReLU if asked, from the packed weights (small-batch-linear.h): they
// are read once per call, not repacked as sgemm would (which cost more than the product at a few rows, and 10% of
// beam search's time at 32 sentences).
void ApplyLinear(const LinearWeights& linear, const float* x, int64_t rows, float* y, bool relu);

// y = layerNorm(x) over rows of width d (epsilon 1e-5, the engine's); `scratch` is resized as needed.
void ApplyLayerNorm(const NormWeights& norm, const float* x, int64_t rows, int64_t d, float* y,
                    std::vector<float>* scratch);

// x += y, element-wise over n floats.
void AddInPlace(float* x, const float* y, int64_t n);

// Scaled dot-product attention of one query row (already scaled by 1/sqrt(dh)) over `keys` rows [0, count), all
// heads: out[h·dh + c] = sum_j softmax_j(q_h·k_{j,h}) v_{j,h,c}. Keys and values are rows of length
// heads·dh at the given strides. `scores` holds at least `count` floats. (Vaswani et al., 2017, eq. 1.)
void AttendRow(const float* query, const float* keys, int64_t keyStride, const float* values, int64_t valueStride,
               int64_t count, int64_t heads, int64_t headDim, float* scores, float* out);
