#include "adam.h"

#include <math.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "reduce.h"
#include "thread-pool.h"

extern "C" {
float sqrtf(float) __attribute__((simd("notinbranch")));
}

namespace {

constexpr int64_t kChunk = 1 << 16;

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
  std::vector<double> squares(static_cast<size_t>(chunks));
  ParallelForRanges(n, kChunk, AddonThreads(), [&](int64_t begin, int64_t end) {
    squares[static_cast<size_t>(begin / kChunk)] = SumOfSquaresAbout(g + begin, 0.0f, end - begin);
  });
  double total = 0.0;
  for (double part : squares) total += part;
  const float norm = static_cast<float>(std::sqrt(total));
  const float scale = step.clipNorm / std::max(norm, step.clipNorm);
  ParallelForRanges(n, kChunk, AddonThreads(), [&](int64_t begin, int64_t end) {
    Moments(step, scale, g + begin, m + begin, v + begin, newM + begin, newV + begin, update + begin, end - begin);
  });
  return norm;
}
