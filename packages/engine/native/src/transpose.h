#pragma once
#include <cstddef>
#include <cstdint>

// Permutes the axes of a row-major float32 tensor: out's axis j is x's axis perm[j]. Handles any
// rank; dims and perm have `rank` entries. Returns false for an invalid permutation.
bool Transpose(const float* x, float* out, const int64_t* dims, const int64_t* perm, size_t rank);
