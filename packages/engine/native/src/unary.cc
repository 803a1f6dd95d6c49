// Element-wise transcendental functions over float32 arrays. The wasm backend computes these one
// element at a time; here the loops vectorise into glibc's libmvec variants (AVX-512 or AVX2,
// chosen at run time by target_clones). Needs -fno-math-errno, which the binding sets.
#include "unary.h"

#include <math.h>

extern "C" {
// Tell the vectoriser that libmvec provides SIMD variants (glibc's own headers only say so under -ffast-math).
float expf(float) __attribute__((simd("notinbranch")));
float logf(float) __attribute__((simd("notinbranch")));
float tanhf(float) __attribute__((simd("notinbranch")));
float erff(float) __attribute__((simd("notinbranch")));
}

namespace {

#define PARLEY_UNARY_LOOP(name, fn)                                           \
  __attribute__((target_clones("avx512f", "avx2", "default"))) void name( \
      const float* x, float* y, size_t n) {                                  \
    for (size_t i = 0; i < n; ++i) y[i] = fn(x[i]);                          \
  }

PARLEY_UNARY_LOOP(ExpLoop, expf)
PARLEY_UNARY_LOOP(LogLoop, logf)
PARLEY_UNARY_LOOP(TanhLoop, tanhf)
PARLEY_UNARY_LOOP(ErfLoop, erff)

}  // namespace

bool ApplyUnary(UnaryOp op, const float* x, float* y, size_t n) {
  switch (op) {
    case UnaryOp::kExp: ExpLoop(x, y, n); return true;
    case UnaryOp::kLog: LogLoop(x, y, n); return true;
    case UnaryOp::kTanh: TanhLoop(x, y, n); return true;
    case UnaryOp::kErf: ErfLoop(x, y, n); return true;
  }
  return false;
}
