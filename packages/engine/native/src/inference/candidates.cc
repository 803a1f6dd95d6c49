#include "candidates.h"

#include <math.h>

#include <algorithm>
#include <vector>

#include "../thread-pool.h"

extern "C" {
float expf(float) __attribute__((simd("notinbranch")));
}

namespace {

constexpr float kNone = -3.4e38f;
constexpr float kDeadRow = -1e29f;
constexpr int64_t kLanes = 16;
constexpr int64_t kMinParallelFloats = 1 << 16;

// The k best (value, id) seen so far, best first; ties keep the earlier (lower) id.
class Best {
 public:
  Best(int64_t k, int32_t* ids, float* values) : k_(k), ids_(ids), values_(values) {
    std::fill(ids_, ids_ + k_, -1);
    std::fill(values_, values_ + k_, kNone);
  }

  float threshold() const { return values_[k_ - 1]; }

  void Offer(float value, int32_t id) {
    if (!(value > values_[k_ - 1]) && !(ids_[k_ - 1] < 0 && value >= values_[k_ - 1])) return;
    int64_t i = k_ - 1;
    while (i > 0 && value > values_[i - 1]) {
      values_[i] = values_[i - 1];
      ids_[i] = ids_[i - 1];
      --i;
    }
    values_[i] = value;
    ids_[i] = id;
  }

 private:
  int64_t k_;
  int32_t* ids_;
  float* values_;
};

__attribute__((target_clones("avx512f", "avx2", "default")))
void LogSoftmaxRow(float* z, int64_t n) {
  float best = z[0];
  for (int64_t i = 1; i < n; ++i) best = std::max(best, z[i]);
  float partial[kLanes] = {};
  int64_t i = 0;
  for (; i + kLanes <= n; i += kLanes) {
    for (int64_t lane = 0; lane < kLanes; ++lane) partial[lane] += expf(z[i + lane] - best);
  }
  float sum = 0.0f;
  for (int64_t lane = 0; lane < kLanes; ++lane) sum += partial[lane];
  for (; i < n; ++i) sum += expf(z[i] - best);
  const float logSumExp = best + logf(sum);
  for (int64_t j = 0; j < n; ++j) z[j] -= logSumExp;
}

int ThreadsFor(int64_t floats) { return floats >= kMinParallelFloats ? AddonThreads() : 1; }

}  // namespace

void LogSoftmaxRows(float* values, int64_t rows, int64_t width) {
  ParallelFor(rows, ThreadsFor(rows * width), [&](int64_t row) { LogSoftmaxRow(values + row * width, width); });
}

void TopKRows(const float* values, const int32_t* rows, int64_t count, int64_t width, int64_t k, int32_t* ids,
              float* best) {
  ParallelFor(count, ThreadsFor(count * width), [&](int64_t i) {
    Best top(k, ids + i * k, best + i * k);
    const float* v = values + static_cast<int64_t>(rows[i]) * width;
    for (int64_t j = 0; j < width; ++j) {
      if (v[j] > top.threshold() || j < k) top.Offer(v[j], static_cast<int32_t>(j));
    }
  });
}

void TopKGroups(const float* logProbs, const float* rowScores, const int32_t* groupStarts, int64_t groups,
                int64_t width, int64_t k, int32_t* ids, float* best) {
  ParallelFor(groups, ThreadsFor((groupStarts[groups] - groupStarts[0]) * width), [&](int64_t group) {
    Best top(k, ids + group * k, best + group * k);
    for (int64_t row = groupStarts[group]; row < groupStarts[group + 1]; ++row) {
      const float score = rowScores[row];
      if (score <= kDeadRow) continue;
      const float* v = logProbs + row * width;
      const int32_t base = static_cast<int32_t>((row - groupStarts[group]) * width);
      for (int64_t i = 0; i < width; ++i) {
        const float total = v[i] + score;
        if (total > top.threshold()) top.Offer(total, base + static_cast<int32_t>(i));
      }
    }
  });
}
