#pragma once
#include <cstdint>
#include <functional>

// Runs body(chunk) for every chunk in [0, chunks) on the calling thread plus up to threads - 1
// pool threads, which claim chunks from a shared counter. Pool threads sleep between calls (no
// spinning on a shared machine), and one that is slow to get a core leaves its chunks to the others.
// With threads <= 1 or a single chunk, everything runs on the calling thread.
void ParallelFor(int64_t chunks, int threads, const std::function<void(int64_t)>& body);

// ParallelFor over [0, n) cut into ranges of chunkSize (the last one shorter): body(begin, end).
void ParallelForRanges(int64_t n, int64_t chunkSize, int threads, const std::function<void(int64_t, int64_t)>& body);

// The addon's thread count (setThreads), shared by every kernel that splits its work.
int AddonThreads();
void SetAddonThreads(int threads);
