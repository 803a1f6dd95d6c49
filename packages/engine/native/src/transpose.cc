#include "transpose.h"

#include <algorithm>
#include <cstring>
#include <vector>

#include "thread-pool.h"

namespace {

// Below this many elements a transpose runs on the calling thread alone; above, in chunks this big.
constexpr int64_t kParallelElements = 1 << 16;

// Axes after dropping size-1 axes and merging runs of axes that stay adjacent and in order.
struct Layout {
  std::vector<int64_t> dims;  // input dims
  std::vector<int64_t> perm;  // output axis j = input axis perm[j]
};

Layout Simplify(const int64_t* dims, const int64_t* perm, size_t rank) {
  std::vector<int64_t> kept;  // input axes of size > 1, in output order
  for (size_t j = 0; j < rank; ++j) if (dims[perm[j]] > 1) kept.push_back(perm[j]);
  // Merge output-adjacent axes that are also input-adjacent (a, a+1).
  std::vector<std::vector<int64_t>> groups;
  for (int64_t axis : kept) {
    if (!groups.empty() && groups.back().back() + 1 == axis) groups.back().push_back(axis);
    else groups.push_back({axis});
  }
  // Renumber groups by their order in the input.
  std::vector<size_t> byInput(groups.size());
  for (size_t g = 0; g < groups.size(); ++g) byInput[g] = g;
  std::sort(byInput.begin(), byInput.end(), [&](size_t a, size_t b) { return groups[a][0] < groups[b][0]; });
  Layout layout;
  layout.dims.resize(groups.size());
  layout.perm.resize(groups.size());
  for (size_t position = 0; position < byInput.size(); ++position) {
    int64_t size = 1;
    for (int64_t axis : groups[byInput[position]]) size *= dims[axis];
    layout.dims[position] = size;
  }
  for (size_t j = 0; j < groups.size(); ++j) {
    layout.perm[j] = std::find(byInput.begin(), byInput.end(), j) - byInput.begin();
  }
  return layout;
}

// out[a * cols + b] = x[a * strideA + b * strideB] for a < rows, b < cols, in 32x32 tiles so that
// strided reads reuse the cache lines they bring in.
void CopyTiled(const float* x, float* out, int64_t rows, int64_t cols, int64_t strideA, int64_t strideB) {
  constexpr int64_t kTile = 32;
  for (int64_t a0 = 0; a0 < rows; a0 += kTile) {
    for (int64_t b0 = 0; b0 < cols; b0 += kTile) {
      const int64_t a1 = std::min(rows, a0 + kTile), b1 = std::min(cols, b0 + kTile);
      for (int64_t a = a0; a < a1; ++a) {
        for (int64_t b = b0; b < b1; ++b) out[a * cols + b] = x[a * strideA + b * strideB];
      }
    }
  }
}

}  // namespace

bool Transpose(const float* x, float* out, const int64_t* dims, const int64_t* perm, size_t rank) {
  std::vector<bool> seen(rank, false);
  int64_t total = 1;
  for (size_t j = 0; j < rank; ++j) {
    if (perm[j] < 0 || static_cast<size_t>(perm[j]) >= rank || seen[perm[j]]) return false;
    seen[perm[j]] = true;
    total *= dims[j];
  }
  const Layout layout = Simplify(dims, perm, rank);
  const size_t n = layout.dims.size();
  if (n <= 1) {
    std::memcpy(out, x, total * sizeof(float));
    return true;
  }
  std::vector<int64_t> inStrides(n, 1);
  for (size_t a = n - 1; a > 0; --a) inStrides[a - 1] = inStrides[a] * layout.dims[a];
  std::vector<int64_t> outDims(n);
  for (size_t j = 0; j < n; ++j) outDims[j] = layout.dims[layout.perm[j]];

  // The last two output axes are done as one block: rows copied with memcpy when the input's last
  // axis stays last, otherwise a tiled strided copy. The axes before them are walked like an odometer.
  const int64_t lastIn = layout.perm[n - 1], secondIn = layout.perm[n - 2];
  const bool rowsKept = lastIn == static_cast<int64_t>(n) - 1;
  const int64_t blockSize = rowsKept ? outDims[n - 1] : outDims[n - 1] * outDims[n - 2];
  const size_t outerAxes = rowsKept ? n - 1 : n - 2;
  const int64_t blocks = total / blockSize;
  const int threads = total >= 2 * kParallelElements ? AddonThreads() : 1;
  if (blocks == 1 && !rowsKept) {  // a plain 2-D transpose: split its output rows
    const int64_t rows = outDims[n - 2], cols = outDims[n - 1];
    const int64_t rowsPerChunk = std::max<int64_t>(32, kParallelElements / cols);
    ParallelForRanges(rows, rowsPerChunk, threads, [&](int64_t begin, int64_t end) {
      CopyTiled(x + begin * inStrides[secondIn], out + begin * cols, end - begin, cols, inStrides[secondIn],
                inStrides[lastIn]);
    });
    return true;
  }
  // Each chunk of blocks starts its own odometer, so chunks can run on different threads.
  const int64_t blocksPerChunk = std::max<int64_t>(1, kParallelElements / blockSize);
  ParallelForRanges(blocks, blocksPerChunk, threads, [&](int64_t first, int64_t last) {
    std::vector<int64_t> index(outerAxes, 0);
    for (int64_t j = static_cast<int64_t>(outerAxes), rest = first; j-- > 0;) {
      index[j] = rest % outDims[j];
      rest /= outDims[j];
    }
    for (int64_t block = first; block < last; ++block) {
      int64_t offset = 0;
      for (size_t j = 0; j < outerAxes; ++j) offset += index[j] * inStrides[layout.perm[j]];
      float* destination = out + block * blockSize;
      if (rowsKept) {
        std::memcpy(destination, x + offset, blockSize * sizeof(float));
      } else {
        CopyTiled(x + offset, destination, outDims[n - 2], outDims[n - 1], inStrides[secondIn], inStrides[lastIn]);
      }
      for (size_t j = outerAxes; j-- > 0;) {
        if (++index[j] < outDims[j]) break;
        index[j] = 0;
      }
    }
  });
  return true;
}
