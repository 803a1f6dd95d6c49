#include "adam.h"

#include <math.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "thread-pool.h"

extern "C" {
float sqrtf(float) __attribute__((simd("notinbranch")));
}

namespace {

constexpr size_t kChunk = 1 << 16;
constexpr size_t kLanes = 16;

__attribute__((target_clones("avx512f", "avx2", "default")))
double SquaresOf(const float* x, size_t n) {
  float partial[kLanes] = {};
  size_t i = 0;
  for (; i + kLanes <= n; i += kLanes) {
    for (size_t lane = 0; lane < kLanes; ++lane) partial[lane] += x[i + lane] * x[i + lane];
  }
  double total = 0.0;
  for (size_t lane = 0; lane < kLanes; ++lane) total += partial[lane];
  for (; i < n; ++i) total += static_cast<double>(x[i]) * x[i];
  return total;
}

__attribute__((target_clones("avx512f", "avx2", "default")))
void Moments(const AdamStep& s, float scale, const float* g, const float* m, const float* v, float* newM, float* newV,
             float* update, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    const float clipped = g[i] * scale;
    const float first = s.beta1 * m[i] + (1.0f - s.beta1) * clipped;
    const float second = s.beta2 * v[i] + (1.0f - s.beta2) * clipped * clipped;
    newM[i] = first;
    newV[i] = second;
    update[i] = s.correctedRate * first / (sqrtf(second) + s.epsilon);
  }
}

}  // namespace

float AdamUpdate(const AdamStep& step, const float* g, const float* m, const float* v, float* newM, float* newV,
                 float* update, size_t n) {
  const int64_t chunks = static_cast<int64_t>((n + kChunk - 1) / kChunk);
  const auto span = [&](int64_t chunk) {
    const size_t begin = static_cast<size_t>(chunk) * kChunk;
    return std::make_pair(begin, std::min(n, begin + kChunk) - begin);
  };
  std::vector<double> squares(static_cast<size_t>(chunks));
  ParallelFor(chunks, AddonThreads(), [&](int64_t chunk) {
    const auto [begin, length] = span(chunk);
    squares[static_cast<size_t>(chunk)] = SquaresOf(g + begin, length);
  });
  double total = 0.0;
  for (double part : squares) total += part;
  const float norm = static_cast<float>(std::sqrt(total));
  const float scale = step.clipNorm / std::max(norm, step.clipNorm);
  ParallelFor(chunks, AddonThreads(), [&](int64_t chunk) {
    const auto [begin, length] = span(chunk);
    Moments(step, scale, g + begin, m + begin, v + begin, newM + begin, newV + begin, update + begin, length);
  });
  return norm;
}
