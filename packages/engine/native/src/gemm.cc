#include "gemm.h"

#include <cblas.h>

#include <algorithm>

#include "thread-pool.h"

namespace {

// Below this many flops a call runs on the calling thread alone: waking a pool thread costs more.
constexpr double kMinParallelFlops = 4e6;
// Smallest row (or column) block per chunk, so that each chunk's packing of the other operand pays off.
constexpr int64_t kMinBlock = 32;
// Chunks per thread: batch entries are independent, so many chunks balance the load at no cost; a
// split of one matrix makes every chunk pack the whole other operand again, so there it is one each.
constexpr int64_t kBatchChunksPerThread = 4;

enum class Split { kBatch, kRows, kColumns };

struct Job {
  GemmProblem problem;
  Split split;
  int64_t chunks, chunkSize;
};

void RunChunk(const Job& job, int64_t chunk) {
  const GemmProblem& p = job.problem;
  const int64_t begin = chunk * job.chunkSize;
  int64_t batchBegin = 0, batchEnd = p.batch, rowBegin = 0, rows = p.m, colBegin = 0, cols = p.n;
  if (job.split == Split::kBatch) {
    batchBegin = begin;
    batchEnd = std::min(p.batch, begin + job.chunkSize);
  } else if (job.split == Split::kRows) {
    rowBegin = begin;
    rows = std::min(p.m, begin + job.chunkSize) - begin;
  } else {
    colBegin = begin;
    cols = std::min(p.n, begin + job.chunkSize) - begin;
  }
  const int lda = static_cast<int>(p.transA ? p.m : p.k);
  const int ldb = static_cast<int>(p.transB ? p.k : p.n);
  // Offsets of the block's first row of op(A) and first column of op(B) inside each matrix.
  const int64_t aOffset = p.transA ? rowBegin : rowBegin * p.k;
  const int64_t bOffset = p.transB ? colBegin * p.k : colBegin;
  for (int64_t i = batchBegin; i < batchEnd; ++i) {
    cblas_sgemm(CblasRowMajor, p.transA ? CblasTrans : CblasNoTrans, p.transB ? CblasTrans : CblasNoTrans,
                static_cast<int>(rows), static_cast<int>(cols), static_cast<int>(p.k), 1.0f,
                p.a + i * p.strideA + aOffset, lda, p.b + i * p.strideB + bOffset, ldb, p.beta,
                p.c + i * p.strideC + rowBegin * p.n + colBegin, static_cast<int>(p.n));
  }
}

}  // namespace

void RunGemm(const GemmProblem& problem, int threads) {
  const double flops = 2.0 * problem.batch * problem.m * problem.n * problem.k;
  Job job;
  job.problem = problem;
  if (problem.batch >= 2 * threads) {
    const int64_t pieces = kBatchChunksPerThread * threads;
    job.split = Split::kBatch;
    job.chunkSize = (problem.batch + pieces - 1) / pieces;
  } else {
    // Splitting rows of C repacks B (k x n) per chunk, splitting columns repacks A (m x k).
    const bool rows = problem.m >= problem.n;
    job.split = rows ? Split::kRows : Split::kColumns;
    const int64_t extent = rows ? problem.m : problem.n;
    job.chunkSize = std::max(kMinBlock, (extent + threads - 1) / threads);
  }
  const int64_t extent = job.split == Split::kBatch ? problem.batch : job.split == Split::kRows ? problem.m : problem.n;
  job.chunks = (extent + job.chunkSize - 1) / job.chunkSize;
  if (threads <= 1 || flops < kMinParallelFlops || job.chunks < 2) {
    job.split = Split::kBatch;
    job.chunkSize = problem.batch;
    job.chunks = 1;
    RunChunk(job, 0);
    return;
  }
  ParallelFor(job.chunks, threads, [&job](int64_t chunk) { RunChunk(job, chunk); });
}
