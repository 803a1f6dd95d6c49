#pragma once
#include <cstddef>

struct AdamStep {
  float beta1, beta2, epsilon;
  // The learning rate with Adam's bias corrections folded in.
  float correctedRate;
  // Gradients are scaled down to this global L2 norm when theirs is larger.
  float clipNorm;
};

// One Adam step over all parameters as a flat vector, with global-norm clipping: reads the
// gradient g and moments m, v [n]; writes the new moments and the update to subtract from the
// parameters. Returns the gradient's norm before clipping. Split over the addon's threads; the
// norm's partial sums are added in a fixed order, so results do not depend on thread timing.
float AdamUpdate(const AdamStep& step, const float* g, const float* m, const float* v, float* newM, float* newV,
                 float* update, size_t n);
