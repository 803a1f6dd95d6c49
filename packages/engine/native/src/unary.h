#pragma once
#include <cstddef>

// Codes shared with UNARY_OPS in packages/engine/native/kernels/elementwise.ts.
enum class UnaryOp { kExp = 0, kLog = 1, kTanh = 2, kErf = 3 };

// y[i] = op(x[i]) for i < n; false for an unknown op. x and y may be the same array.
bool ApplyUnary(UnaryOp op, const float* x, float* y, size_t n);
