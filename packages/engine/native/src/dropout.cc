#include "dropout.h"

#include <algorithm>

#include "thread-pool.h"

namespace {

constexpr int64_t kChunk = 1 << 16;

// A 32-bit xorshift-multiply integer hash with good avalanche (constants found by Chris Wellons'
// hash prospector); its integer multiplies and shifts vectorise.
inline uint32_t Mix(uint32_t x) {
  x ^= x >> 16;
  x *= 0x21f0aaadu;
  x ^= x >> 15;
  x *= 0x735a2d97u;
  x ^= x >> 15;
  return x;
}

__attribute__((target_clones("avx512f", "avx2", "default")))
void DropoutSpan(const float* x, float* y, size_t begin, size_t end, uint32_t threshold, float scale, uint32_t seed) {
  const uint32_t key = Mix(seed);
  for (size_t i = begin; i < end; ++i) {
    // 24 random bits against keep * 2^24: exact in float, unbiased for any keep.
    const uint32_t bits = Mix(static_cast<uint32_t>(i) ^ key) >> 8;
    y[i] = bits < threshold ? x[i] * scale : 0.0f;
  }
}

}  // namespace

void Dropout(const float* x, float* y, size_t n, float keep, uint32_t seed) {
  const uint32_t threshold = static_cast<uint32_t>(static_cast<double>(keep) * (1u << 24));
  const float scale = 1.0f / keep;
  ParallelForRanges(static_cast<int64_t>(n), kChunk, AddonThreads(), [&](int64_t begin, int64_t end) {
    DropoutSpan(x, y, begin, end, threshold, scale, seed);
  });
}
