#include "layer-norm.h"

#include "reduce.h"

#include <cmath>
#include <cstring>

namespace {

constexpr size_t kLanes = 16;

// Sums of g = dy * gamma and of g * xHat over one row, in 16 independent partial sums as SumContiguous
// does (a single running sum is a serial chain the compiler may not reorder without -ffast-math).
inline void GradientSumsOf(const float* dy, const float* gamma, const float* xHat, size_t n, float* gradSum,
                           float* projection) {
  float g[kLanes] = {}, p[kLanes] = {};
  size_t i = 0;
  for (; i + kLanes <= n; i += kLanes) {
    for (size_t lane = 0; lane < kLanes; ++lane) {
      const float value = dy[i + lane] * gamma[i + lane];
      g[lane] += value;
      p[lane] += value * xHat[i + lane];
    }
  }
  float gTotal = 0.0f, pTotal = 0.0f;
  for (size_t lane = 0; lane < kLanes; ++lane) {
    gTotal += g[lane];
    pTotal += p[lane];
  }
  for (; i < n; ++i) {
    gTotal += dy[i] * gamma[i];
    pTotal += dy[i] * gamma[i] * xHat[i];
  }
  *gradSum = gTotal;
  *projection = pTotal;
}

}  // namespace

__attribute__((target_clones("avx512f", "avx2", "default")))
void LayerNormForward(const float* __restrict__ x, const float* __restrict__ gamma, const float* __restrict__ beta,
                      float* __restrict__ y, float* __restrict__ xHat, float* __restrict__ invStd, size_t rows, size_t d,
                      float epsilon) {
  const float width = static_cast<float>(d);
  for (size_t r = 0; r < rows; ++r) {
    const float* xr = x + r * d;
    // Two passes (mean, then squares about it) keep float accuracy for rows with a large mean.
    const float mean = SumContiguous(xr, d) / width;
    const float inverse = 1.0f / std::sqrt(SumOfSquaresAbout(xr, mean, d) / width + epsilon);
    invStd[r] = inverse;
    float* hr = xHat + r * d;
    float* yr = y + r * d;
    for (size_t j = 0; j < d; ++j) {
      hr[j] = (xr[j] - mean) * inverse;
      yr[j] = hr[j] * gamma[j] + beta[j];
    }
  }
}

__attribute__((target_clones("avx512f", "avx2", "default")))
void LayerNormBackward(const float* __restrict__ dy, const float* __restrict__ xHat, const float* __restrict__ invStd,
                       const float* __restrict__ gamma, float* __restrict__ dx, float* __restrict__ dGamma,
                       float* __restrict__ dBeta, size_t rows, size_t d) {
  std::memset(dGamma, 0, d * sizeof(float));
  std::memset(dBeta, 0, d * sizeof(float));
  const float width = static_cast<float>(d);
  for (size_t r = 0; r < rows; ++r) {
    const float* dyr = dy + r * d;
    const float* hr = xHat + r * d;
    float* dxr = dx + r * d;
    float gradSum, projection;
    GradientSumsOf(dyr, gamma, hr, d, &gradSum, &projection);
    const float meanGrad = gradSum / width;
    const float meanProjection = projection / width;
    const float inverse = invStd[r];
    for (size_t j = 0; j < d; ++j) {
      dxr[j] = inverse * (dyr[j] * gamma[j] - meanGrad - hr[j] * meanProjection);
      dGamma[j] += dyr[j] * hr[j];
      dBeta[j] += dyr[j];
    }
  }
}
