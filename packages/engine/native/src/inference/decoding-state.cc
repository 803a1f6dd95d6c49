#include "decoding-state.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "../thread-pool.h"
#include "candidates.h"
#include "inference-ops.h"

namespace {

// Below this many multiply-adds, attention runs on the calling thread alone.
constexpr int64_t kMinParallelWork = 1 << 16;

// x [count, d] = embedding[id]·sqrt(d) + positions[position], as the engine's embed().
void Embed(const TransformerWeightsNative& model, const int32_t* ids, int64_t count, int64_t positionOf0,
           bool samePosition, float* x) {
  const int64_t d = model.dims.modelDim;
  const float scale = std::sqrt(static_cast<float>(d));
  for (int64_t i = 0; i < count; ++i) {
    const float* e = model.embedding.data() + static_cast<int64_t>(ids[i]) * d;
    const float* p = model.positions.data() + (samePosition ? positionOf0 : positionOf0 + i) * d;
    float* out = x + i * d;
    for (int64_t j = 0; j < d; ++j) out[j] = e[j] * scale + p[j];
  }
}

void ScaleQueries(float* rows, int64_t count, int64_t stride, int64_t d, float scale) {
  for (int64_t r = 0; r < count; ++r) {
    for (int64_t j = 0; j < d; ++j) rows[r * stride + j] *= scale;
  }
}

// Runs body(row, scores) for rows [0, count), split over the addon's threads when the work is large.
template <typename Body>
void ForEachRow(int64_t count, int64_t workPerRow, int64_t scoresNeeded, Body body) {
  const int threads = count * workPerRow >= kMinParallelWork ? AddonThreads() : 1;
  const int64_t chunk = std::max<int64_t>(1, (count + 4 * threads - 1) / (4 * threads));
  ParallelForRanges(count, chunk, threads, [&](int64_t begin, int64_t end) {
    std::vector<float> scores(scoresNeeded);
    for (int64_t r = begin; r < end; ++r) body(r, scores.data());
  });
}

void EnsureSize(std::vector<float>* buffer, int64_t size) {
  if (static_cast<int64_t>(buffer->size()) < size) buffer->resize(size);
}

// Target positions a fresh state's caches hold per row before they first grow.
constexpr int64_t kInitialPositions = 16;

// Doubles the positions each cache row holds (at most to the capacity), moving the rows to their new stride.
void GrowPositions(DecodingState* state) {
  DecodingState& s = *state;
  const int64_t grown = std::min(s.capacity, 2 * s.positions);
  const int64_t oldStride = s.positions * s.keyValueWidth, newStride = grown * s.keyValueWidth;
  for (std::vector<float>& cache : s.selfKeyValues) {
    s.spare.resize(s.allocatedRows * newStride);
    for (int64_t r = 0; r < s.rows; ++r) {
      std::memcpy(s.spare.data() + r * newStride, cache.data() + r * oldStride, s.step * s.keyValueWidth * sizeof(float));
    }
    cache.swap(s.spare);
  }
  s.positions = grown;
}

}  // namespace

bool EncodeSources(const TransformerWeightsNative& model, const int32_t* ids, int64_t sources, int64_t sourceLength,
                   int64_t rowsPerSource, int64_t capacity, int64_t maxRows, DecodingState* state, const char** error) {
  const TransformerDims& dims = model.dims;
  const int64_t d = dims.modelDim, heads = dims.heads, dh = dims.headDim(), n = sources * sourceLength;
  if (sources <= 0 || sourceLength <= 0 || sourceLength > dims.maxLength || rowsPerSource <= 0 || capacity <= 0 ||
      capacity > dims.maxLength || maxRows < sources * rowsPerSource) {
    *error = "encode: sources, lengths and capacity must be positive and within the model's maxLength";
    return false;
  }
  for (int64_t i = 0; i < n; ++i) {
    if (ids[i] < 0 || ids[i] >= dims.vocab) {
      *error = "encode: a source token id is outside the vocabulary";
      return false;
    }
  }
  DecodingState& s = *state;
  s.sources = sources;
  s.sourceLength = sourceLength;
  s.sourceLengths.assign(sources, 0);
  for (int64_t b = 0; b < sources; ++b) {
    int64_t length = sourceLength;
    while (length > 1 && ids[b * sourceLength + length - 1] == 0) --length;
    s.sourceLengths[b] = length;
  }
  // Buffers only grow, so a state reused for the next batch allocates (and page-faults) nothing new.
  for (auto* buffer : {&s.x, &s.normalized, &s.attended}) EnsureSize(buffer, n * d);
  EnsureSize(&s.queryKeyValue, n * 3 * d);
  EnsureSize(&s.projected, n * d);
  EnsureSize(&s.hidden, n * dims.ffDim);
  float* x = s.x.data();
  float* h = s.normalized.data();
  float* qkv = s.queryKeyValue.data();
  float* attended = s.attended.data();
  float* out = s.projected.data();
  float* hidden = s.hidden.data();
  for (int64_t b = 0; b < sources; ++b) Embed(model, ids + b * sourceLength, sourceLength, 0, false, x + b * sourceLength * d);
  const float queryScale = 1.0f / std::sqrt(static_cast<float>(dh));
  for (const EncoderLayerWeights& layer : model.encoder) {
    ApplyLayerNorm(layer.selfNorm, x, n, d, h, &s.normScratch);
    ApplyLinear(layer.queryKeyValue, h, n, qkv, false);
    ScaleQueries(qkv, n, 3 * d, d, queryScale);
    ForEachRow(n, sourceLength * d, sourceLength, [&](int64_t row, float* scores) {
      const int64_t b = row / sourceLength;
      const float* base = qkv + b * sourceLength * 3 * d;
      AttendRow(qkv + row * 3 * d, base + d, 3 * d, base + 2 * d, 3 * d, s.sourceLengths[b], heads, dh, scores,
                attended + row * d);
    });
    ApplyLinear(layer.selfOutput, attended, n, out, false);
    AddInPlace(x, out, n * d);
    ApplyLayerNorm(layer.feedForwardNorm, x, n, d, h, &s.normScratch);
    ApplyLinear(layer.inner, h, n, hidden, true);
    ApplyLinear(layer.outer, hidden, n, out, false);
    AddInPlace(x, out, n * d);
  }
  ApplyLayerNorm(model.encoderNorm, x, n, d, h, &s.normScratch);
  s.crossKeyValues.resize(model.decoder.size());
  for (size_t l = 0; l < model.decoder.size(); ++l) {
    EnsureSize(&s.crossKeyValues[l], n * 2 * d);
    ApplyLinear(model.decoder[l].crossKeyValue, h, n, s.crossKeyValues[l].data(), false);
  }
  s.rows = sources * rowsPerSource;
  s.step = 0;
  s.capacity = capacity;
  s.rowSource.resize(s.rows);
  for (int64_t r = 0; r < s.rows; ++r) s.rowSource[r] = static_cast<int32_t>(r / rowsPerSource);
  s.allocatedRows = maxRows;
  s.keyValueWidth = 2 * d;
  s.selfKeyValues.resize(model.decoder.size());
  // Most outputs end long before the capacity: start with room for a few positions and double as needed.
  s.positions = std::min<int64_t>(capacity, kInitialPositions);
  for (std::vector<float>& cache : s.selfKeyValues) EnsureSize(&cache, maxRows * s.positions * 2 * d);
  return true;
}

bool DecodeStep(const TransformerWeightsNative& model, DecodingState* state, const int32_t* tokens, float* logProbs,
                const char** error) {
  DecodingState& s = *state;
  const TransformerDims& dims = model.dims;
  const int64_t d = dims.modelDim, heads = dims.heads, dh = dims.headDim(), rows = s.rows, t = s.step;
  if (t >= s.capacity) {
    *error = "decodeStep: the state's capacity of target tokens is reached";
    return false;
  }
  for (int64_t r = 0; r < rows; ++r) {
    if (tokens[r] < 0 || tokens[r] >= dims.vocab) {
      *error = "decodeStep: a token id is outside the vocabulary";
      return false;
    }
  }
  if (rows == 0) {
    ++s.step;
    return true;
  }
  EnsureSize(&s.x, rows * d);
  EnsureSize(&s.normalized, rows * d);
  EnsureSize(&s.queryKeyValue, rows * 3 * d);
  EnsureSize(&s.attended, rows * d);
  EnsureSize(&s.projected, rows * d);
  EnsureSize(&s.hidden, rows * dims.ffDim);
  float* x = s.x.data();
  float* h = s.normalized.data();
  float* qkv = s.queryKeyValue.data();
  Embed(model, tokens, rows, t, true, x);
  const float queryScale = 1.0f / std::sqrt(static_cast<float>(dh));
  if (t >= s.positions) GrowPositions(&s);
  const int64_t cacheRow = s.positions * 2 * d;
  for (size_t l = 0; l < model.decoder.size(); ++l) {
    const DecoderLayerWeights& layer = model.decoder[l];
    float* cache = s.selfKeyValues[l].data();
    ApplyLayerNorm(layer.selfNorm, x, rows, d, h, &s.normScratch);
    ApplyLinear(layer.queryKeyValue, h, rows, qkv, false);
    ScaleQueries(qkv, rows, 3 * d, d, queryScale);
    for (int64_t r = 0; r < rows; ++r) std::memcpy(cache + r * cacheRow + t * 2 * d, qkv + r * 3 * d + d, 2 * d * sizeof(float));
    ForEachRow(rows, (t + 1) * d, t + 1, [&](int64_t r, float* scores) {
      const float* keys = cache + r * cacheRow;
      AttendRow(qkv + r * 3 * d, keys, 2 * d, keys + d, 2 * d, t + 1, heads, dh, scores, s.attended.data() + r * d);
    });
    ApplyLinear(layer.selfOutput, s.attended.data(), rows, s.projected.data(), false);
    AddInPlace(x, s.projected.data(), rows * d);

    ApplyLayerNorm(layer.crossNorm, x, rows, d, h, &s.normScratch);
    ApplyLinear(layer.crossQuery, h, rows, qkv, false);
    ScaleQueries(qkv, rows, d, d, queryScale);
    const float* memory = s.crossKeyValues[l].data();
    ForEachRow(rows, s.sourceLength * d, s.sourceLength, [&](int64_t r, float* scores) {
      const int64_t source = s.rowSource[r];
      const float* keys = memory + source * s.sourceLength * 2 * d;
      AttendRow(qkv + r * d, keys, 2 * d, keys + d, 2 * d, s.sourceLengths[source], heads, dh, scores,
                s.attended.data() + r * d);
    });
    ApplyLinear(layer.crossOutput, s.attended.data(), rows, s.projected.data(), false);
    AddInPlace(x, s.projected.data(), rows * d);

    ApplyLayerNorm(layer.feedForwardNorm, x, rows, d, h, &s.normScratch);
    ApplyLinear(layer.inner, h, rows, s.hidden.data(), true);
    ApplyLinear(layer.outer, s.hidden.data(), rows, s.projected.data(), false);
    AddInPlace(x, s.projected.data(), rows * d);
  }
  ApplyLayerNorm(model.decoderNorm, x, rows, d, h, &s.normScratch);
  ApplyLinear(model.outputProjection, h, rows, logProbs, false);
  LogSoftmaxRows(logProbs, rows, dims.vocab);
  ++s.step;
  return true;
}

bool SelectRows(DecodingState* state, const int32_t* rows, int64_t count, const char** error) {
  DecodingState& s = *state;
  if (count > s.allocatedRows) {
    *error = "selectRows: more rows than the state was created with";
    return false;
  }
  for (int64_t i = 0; i < count; ++i) {
    if (rows[i] < 0 || rows[i] >= s.rows) {
      *error = "selectRows: a row index is outside the state";
      return false;
    }
  }
  // Only rows that change move: their new contents are gathered first (they may overlap other moved rows).
  std::vector<int64_t> moved;
  for (int64_t i = 0; i < count; ++i) {
    if (rows[i] != i) moved.push_back(i);
  }
  const int64_t rowStride = s.positions * s.keyValueWidth;
  const int64_t used = s.step * s.keyValueWidth;
  EnsureSize(&s.spare, static_cast<int64_t>(moved.size()) * used);
  for (std::vector<float>& cache : s.selfKeyValues) {
    for (size_t j = 0; j < moved.size(); ++j) {
      std::memcpy(s.spare.data() + j * used, cache.data() + rows[moved[j]] * rowStride, used * sizeof(float));
    }
    for (size_t j = 0; j < moved.size(); ++j) {
      std::memcpy(cache.data() + moved[j] * rowStride, s.spare.data() + j * used, used * sizeof(float));
    }
  }
  std::vector<int32_t> sources(count);
  for (int64_t i = 0; i < count; ++i) sources[i] = s.rowSource[rows[i]];
  s.rowSource.swap(sources);
  s.rows = count;
  return true;
}

void ReleaseState(DecodingState* state) { *state = DecodingState(); }

int64_t StateBytes(const DecodingState& state) {
  int64_t floats = 0;
  for (const auto& buffer : state.selfKeyValues) floats += buffer.capacity();
  for (const auto& buffer : state.crossKeyValues) floats += buffer.capacity();
  for (const auto* buffer : {&state.x, &state.normalized, &state.queryKeyValue, &state.attended, &state.projected, &state.hidden, &state.spare}) floats += buffer->capacity();
  return floats * static_cast<int64_t>(sizeof(float));
}
