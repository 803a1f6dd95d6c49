#include "inference-ops.h"

#include <math.h>

#include <algorithm>
#include <cstring>

#include "../layer-norm.h"
#include "../thread-pool.h"

extern "C" {
float expf(float) __attribute__((simd("notinbranch")));
}

namespace {

constexpr float kLayerNormEpsilon = 1e-5f;
constexpr int64_t kLanes = 16;

inline float Dot(const float* __restrict__ a, const float* __restrict__ b, int64_t n) {
  float partial[kLanes] = {};
  int64_t i = 0;
  for (; i + kLanes <= n; i += kLanes) {
    for (int64_t lane = 0; lane < kLanes; ++lane) partial[lane] += a[i + lane] * b[i + lane];
  }
  float total = 0.0f;
  for (int64_t lane = 0; lane < kLanes; ++lane) total += partial[lane];
  for (; i < n; ++i) total += a[i] * b[i];
  return total;
}

// Below this many multiply-adds, a product runs on the calling thread alone: waking a pool thread costs more.
constexpr int64_t kMinParallelMacs = 1 << 18;

}  // namespace

void ApplyLinear(const LinearWeights& linear, const float* x, int64_t rows, float* y, bool relu) {
  const PackedLinear& packed = linear.packed;
  ApplyPackedLinear(packed, x, rows, y, rows * packed.in * packed.out >= kMinParallelMacs ? AddonThreads() : 1);
  if (relu) {
    for (int64_t i = 0; i < rows * packed.out; ++i) y[i] = y[i] > 0.0f ? y[i] : 0.0f;
  }
}

void ApplyLayerNorm(const NormWeights& norm, const float* x, int64_t rows, int64_t d, float* y,
                    std::vector<float>* scratch) {
  scratch->resize(rows * d + rows);
  LayerNormForward(x, norm.gamma.data(), norm.beta.data(), y, scratch->data(), scratch->data() + rows * d, rows, d,
                   kLayerNormEpsilon);
}

__attribute__((target_clones("avx512f", "avx2", "default")))
void AddInPlace(float* __restrict__ x, const float* __restrict__ y, int64_t n) {
  for (int64_t i = 0; i < n; ++i) x[i] += y[i];
}

__attribute__((target_clones("avx512f", "avx2", "default")))
void AttendRow(const float* query, const float* keys, int64_t keyStride, const float* values, int64_t valueStride,
               int64_t count, int64_t heads, int64_t headDim, float* scores, float* out) {
  for (int64_t h = 0; h < heads; ++h) {
    const float* q = query + h * headDim;
    float best = -3.4e38f;
    for (int64_t j = 0; j < count; ++j) {
      scores[j] = Dot(q, keys + j * keyStride + h * headDim, headDim);
      best = std::max(best, scores[j]);
    }
    float sum = 0.0f;
    for (int64_t j = 0; j < count; ++j) {
      scores[j] = expf(scores[j] - best);
      sum += scores[j];
    }
    float* o = out + h * headDim;
    std::fill(o, o + headDim, 0.0f);
    for (int64_t j = 0; j < count; ++j) {
      const float p = scores[j] / sum;
      const float* v = values + j * valueStride + h * headDim;
      for (int64_t c = 0; c < headDim; ++c) o[c] += p * v[c];
    }
  }
}
