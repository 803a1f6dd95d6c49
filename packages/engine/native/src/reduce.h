#pragma once
#include <cstddef>

// out[o * inner + i] = sum over r of x[(o * reduce + r) * inner + i]: a sum over one contiguous
// block of axes, with `outer` elements before it and `inner` after it (inner = 1 for last axes).
void SumAxes(const float* x, float* out, size_t outer, size_t reduce, size_t inner);

// Sum of n contiguous floats (vectorised partial sums).
float SumContiguous(const float* x, size_t n);

// Sum of (x[i] - centre)^2 over n contiguous floats, the same way.
float SumOfSquaresAbout(const float* x, float centre, size_t n);
