#pragma once
#include <cstdint>

// Row-major C[i] = op(A[i]) * op(B[i]) + beta * C[i] for i < batch, where A[i] = a + i * strideA
// (a stride of 0 broadcasts one matrix to every batch entry), and likewise for B and C.
struct GemmProblem {
  bool transA, transB;
  int64_t m, n, k;
  const float* a;
  const float* b;
  float* c;
  int64_t batch, strideA, strideB, strideC;
  float beta;
};

// Splits the work into chunks (by batch entry, else by rows or columns of C), each one
// single-threaded cblas_sgemm, run by the addon's thread pool (thread-pool.h). OpenBLAS's own
// threads spin and wait for each other instead (2-3x slower steps on a busy 2-core machine).
void RunGemm(const GemmProblem& problem, int threads);
