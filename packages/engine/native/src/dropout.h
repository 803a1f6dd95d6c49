#pragma once
#include <cstddef>
#include <cstdint>

// Inverted dropout with a counter-based mask: element i is kept (scaled by 1 / keep) when a hash of
// (seed, i) falls below keep, else zeroed. The same seed gives the same mask, so the gradient is this
// same function applied to dy, and no mask is stored or drawn in JavaScript. Split over the addon's threads.
void Dropout(const float* x, float* y, size_t n, float keep, uint32_t seed);
