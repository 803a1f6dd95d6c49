#pragma once
#include <cstddef>

// Codes shared with UNARY_OPS in packages/engine/src/backend/native-kernels.ts.
enum class UnaryOp { kExp = 0, kLog = 1, kTanh = 2, kErf = 3, kStep = 4 };

// y[i] = op(x[i]) for i < n; false for an unknown op. x and y may be the same array. Step is
// x > 0 ? 1 : alpha (NaN stays NaN), the derivative mask of relu and leaky relu.
bool ApplyUnary(UnaryOp op, const float* x, float* y, size_t n, float alpha);
