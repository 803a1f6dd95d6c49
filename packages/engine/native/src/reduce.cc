#include "reduce.h"

#include <cstring>

namespace {

constexpr size_t kLanes = 16;

// out[i] += x[i] for i < n.
__attribute__((target_clones("avx512f", "avx2", "default")))
void AddInto(float* out, const float* x, size_t n) {
  for (size_t i = 0; i < n; ++i) out[i] += x[i];
}

}  // namespace

// Sum of n contiguous floats in 16 independent partial sums, which the compiler keeps in one
// vector register (plain sequential float sums cannot be vectorised without -ffast-math).
__attribute__((target_clones("avx512f", "avx2", "default")))
float SumContiguous(const float* x, size_t n) {
  float partial[kLanes] = {};
  size_t i = 0;
  for (; i + kLanes <= n; i += kLanes) {
    for (size_t lane = 0; lane < kLanes; ++lane) partial[lane] += x[i + lane];
  }
  float total = 0.0f;
  for (size_t lane = 0; lane < kLanes; ++lane) total += partial[lane];
  for (; i < n; ++i) total += x[i];
  return total;
}

__attribute__((target_clones("avx512f", "avx2", "default")))
float SumOfSquaresAbout(const float* x, float centre, size_t n) {
  float partial[kLanes] = {};
  size_t i = 0;
  for (; i + kLanes <= n; i += kLanes) {
    for (size_t lane = 0; lane < kLanes; ++lane) {
      const float centred = x[i + lane] - centre;
      partial[lane] += centred * centred;
    }
  }
  float total = 0.0f;
  for (size_t lane = 0; lane < kLanes; ++lane) total += partial[lane];
  for (; i < n; ++i) total += (x[i] - centre) * (x[i] - centre);
  return total;
}

void SumAxes(const float* x, float* out, size_t outer, size_t reduce, size_t inner) {
  if (inner == 1) {
    for (size_t o = 0; o < outer; ++o) out[o] = SumContiguous(x + o * reduce, reduce);
    return;
  }
  for (size_t o = 0; o < outer; ++o) {
    float* row = out + o * inner;
    std::memset(row, 0, inner * sizeof(float));
    for (size_t r = 0; r < reduce; ++r) AddInto(row, x + (o * reduce + r) * inner, inner);
  }
}
