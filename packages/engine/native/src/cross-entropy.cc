#include "cross-entropy.h"

#include <math.h>

#include <algorithm>

#include "reduce.h"
#include "thread-pool.h"

extern "C" {
float expf(float) __attribute__((simd("notinbranch")));  // libmvec's SIMD variant (see unary.cc)
}

namespace {

constexpr int64_t kRowsPerChunk = 32;
constexpr size_t kLanes = 16;

// In independent lanes, as SumContiguous does: a single running maximum would not vectorise.
__attribute__((target_clones("avx512f", "avx2", "default")))
float MaxOf(const float* x, size_t n) {
  float lanes[kLanes];
  for (size_t lane = 0; lane < kLanes; ++lane) lanes[lane] = x[0];
  size_t i = 0;
  for (; i + kLanes <= n; i += kLanes) {
    for (size_t lane = 0; lane < kLanes; ++lane) lanes[lane] = std::max(lanes[lane], x[i + lane]);
  }
  float best = x[0];
  for (size_t lane = 0; lane < kLanes; ++lane) best = std::max(best, lanes[lane]);
  for (; i < n; ++i) best = std::max(best, x[i]);
  return best;
}

// out[i] = exp(x[i] - shift).
__attribute__((target_clones("avx512f", "avx2", "default")))
void ShiftedExp(const float* x, float shift, float* out, size_t n) {
  for (size_t i = 0; i < n; ++i) out[i] = expf(x[i] - shift);
}

// out[i] = out[i] * scale - offset.
__attribute__((target_clones("avx512f", "avx2", "default")))
void ScaleAndOffset(float* out, float scale, float offset, size_t n) {
  for (size_t i = 0; i < n; ++i) out[i] = out[i] * scale - offset;
}

void Row(const float* z, int32_t target, float weight, float* loss, float* grad, size_t vocab, float smoothing) {
  const float max = MaxOf(z, vocab);
  ShiftedExp(z, max, grad, vocab);
  const float sum = SumContiguous(grad, vocab);
  const float mean = SumContiguous(z, vocab) / static_cast<float>(vocab);
  *loss = max + logf(sum) - ((1.0f - smoothing) * z[target] + smoothing * mean);
  ScaleAndOffset(grad, weight / sum, weight * smoothing / static_cast<float>(vocab), vocab);
  grad[target] -= weight * (1.0f - smoothing);
}

}  // namespace

bool SoftmaxCrossEntropy(const float* logits, const int32_t* targets, const float* rowWeights, float* loss,
                         float* grad, size_t rows, size_t vocab, float smoothing) {
  for (size_t r = 0; r < rows; ++r) {
    if (targets[r] < 0 || static_cast<size_t>(targets[r]) >= vocab) return false;
  }
  ParallelForRanges(static_cast<int64_t>(rows), kRowsPerChunk, AddonThreads(), [&](int64_t begin, int64_t end) {
    for (int64_t r = begin; r < end; ++r) {
      Row(logits + r * vocab, targets[r], rowWeights[r], loss + r, grad + r * vocab, vocab, smoothing);
    }
  });
  return true;
}
