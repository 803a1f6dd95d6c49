#include "inference-ops.h"

#include <math.h>

#include <algorithm>
#include <cstring>

#include "../gemm.h"
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

// Up to this many rows, ApplyLinear streams the weights once through SmallBatchLinear: OpenBLAS's sgemm would
// pack the whole weight matrix on every call, which costs more than the product itself at a few rows.
constexpr int64_t kSmallBatchRows = 16;
// Output units per chunk of SmallBatchLinear's thread split.
constexpr int64_t kUnitsPerChunk = 256;

// 16 floats; GCC's vector extension compiles it to one AVX-512 register, two AVX2 ones or four SSE ones.
typedef float Vec16 __attribute__((vector_size(64)));

__attribute__((always_inline)) inline Vec16 Load16(const float* p) {
  Vec16 v;
  std::memcpy(&v, p, sizeof(v));
  return v;
}

__attribute__((always_inline)) inline float Sum16(Vec16 v) {
  float total = 0.0f;
  for (int lane = 0; lane < 16; ++lane) total += v[lane];
  return total;
}

// Output units per register tile: two 16-float vectors.
constexpr int64_t kTile = 32;

// y[r, o..o+32) = bias + sum_i x[r, i]·W[i, o..o+32) for R rows: every weight is loaded once for the R rows and
// the 2·R accumulators stay in registers (no horizontal sums, as a dot-product form would need).
template <int R>
__attribute__((always_inline)) inline void LinearTile(const float* __restrict__ x, int64_t in,
                                                      const float* __restrict__ weight, int64_t out, int64_t o,
                                                      const float* __restrict__ bias, float* __restrict__ y) {
  Vec16 acc[R][2];
  const Vec16 b0 = Load16(bias + o), b1 = Load16(bias + o + 16);
  for (int r = 0; r < R; ++r) {
    acc[r][0] = b0;
    acc[r][1] = b1;
  }
  for (int64_t i = 0; i < in; ++i) {
    const Vec16 w0 = Load16(weight + i * out + o), w1 = Load16(weight + i * out + o + 16);
    for (int r = 0; r < R; ++r) {
      const float xi = x[r * in + i];
      acc[r][0] += xi * w0;
      acc[r][1] += xi * w1;
    }
  }
  for (int r = 0; r < R; ++r) {
    std::memcpy(y + r * out + o, &acc[r][0], sizeof(Vec16));
    std::memcpy(y + r * out + o + 16, &acc[r][1], sizeof(Vec16));
  }
}

// Rows handled per pass over the weights.
constexpr int64_t kTileRows = 6;

__attribute__((target_clones("avx512f", "avx2", "default")))
void SmallBatchUnits(const float* __restrict__ x, int64_t rows, const float* __restrict__ weight,
                     const float* __restrict__ bias, int64_t in, int64_t out, int64_t begin, int64_t end,
                     float* __restrict__ y) {
  for (int64_t r = 0; r < rows; r += kTileRows) {
    const float* xr = x + r * in;
    float* yr = y + r * out;
    int64_t o = begin;
    for (; o + kTile <= end; o += kTile) {
      switch (std::min(kTileRows, rows - r)) {
        case 6: LinearTile<6>(xr, in, weight, out, o, bias, yr); break;
        case 5: LinearTile<5>(xr, in, weight, out, o, bias, yr); break;
        case 4: LinearTile<4>(xr, in, weight, out, o, bias, yr); break;
        case 3: LinearTile<3>(xr, in, weight, out, o, bias, yr); break;
        case 2: LinearTile<2>(xr, in, weight, out, o, bias, yr); break;
        default: LinearTile<1>(xr, in, weight, out, o, bias, yr); break;
      }
    }
    for (int64_t rr = 0; rr < std::min(kTileRows, rows - r); ++rr) {
      for (int64_t u = o; u < end; ++u) {
        float total = bias[u];
        for (int64_t i = 0; i < in; ++i) total += xr[rr * in + i] * weight[i * out + u];
        yr[rr * out + u] = total;
      }
    }
  }
}

// y = x·W + bias for a few rows, output units split over threads in whole tiles.
void SmallBatchLinear(const LinearWeights& linear, const float* x, int64_t rows, float* y) {
  const int threads = rows * linear.in * linear.out >= (1 << 18) ? AddonThreads() : 1;
  ParallelForRanges(linear.out, kUnitsPerChunk, threads, [&](int64_t begin, int64_t end) {
    SmallBatchUnits(x, rows, linear.weight.data(), linear.bias.data(), linear.in, linear.out, begin, end, y);
  });
}

}  // namespace

void ApplyLinear(const LinearWeights& linear, const float* x, int64_t rows, float* y, bool relu) {
  const int64_t n = linear.out;
  if (rows <= kSmallBatchRows) {
    SmallBatchLinear(linear, x, rows, y);
  } else {
    for (int64_t r = 0; r < rows; ++r) std::copy(linear.bias.begin(), linear.bias.end(), y + r * n);
    RunGemm(GemmProblem{false, false, rows, n, linear.in, x, linear.weight.data(), y, 1, 0, 0, 0, 1.0f}, AddonThreads());
  }
  if (relu) {
    for (int64_t i = 0; i < rows * n; ++i) y[i] = y[i] > 0.0f ? y[i] : 0.0f;
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
