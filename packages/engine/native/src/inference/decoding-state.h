#pragma once
// Incremental decoding with a native Transformer: the encoder's output projected once per decoder layer (the
// cross-attention keys and values, one copy per source sentence however many rows decode it), and per row the
// self-attention keys and values of every target position so far (the KV cache), grown by doubling up to `capacity`.
#include <cstdint>
#include <vector>

#include "transformer-model.h"

struct DecodingState {
  int64_t sources = 0, sourceLength = 0;
  std::vector<int64_t> sourceLengths;  // tokens before the padding, per source
  // Per decoder layer [sources, sourceLength, 2d]: key | value of each source position.
  std::vector<std::vector<float>> crossKeyValues;
  int64_t rows = 0, step = 0, capacity = 0, allocatedRows = 0, keyValueWidth = 0;
  int64_t positions = 0;  // target positions allocated per row of the caches (<= capacity)
  std::vector<int32_t> rowSource;  // the source each row decodes
  // Per decoder layer [allocatedRows, positions, 2d]: key | value of each target position decoded so far.
  std::vector<std::vector<float>> selfKeyValues;
  std::vector<float> spare;  // reordering buffer of one layer's cache
  // Activations of one step, reused across steps.
  std::vector<float> x, normalized, queryKeyValue, attended, projected, hidden, normScratch;
};

// Runs the encoder over `ids` [sources, sourceLength] (right-padded with 0) and prepares `rowsPerSource` decoding
// rows per source, with caches for up to `maxRows` rows (SelectRows may grow the batch to that) of `capacity`
// target tokens each. False with `error` set on bad arguments.
bool EncodeSources(const TransformerWeightsNative& model, const int32_t* ids, int64_t sources, int64_t sourceLength,
                   int64_t rowsPerSource, int64_t capacity, int64_t maxRows, DecodingState* state, const char** error);

// Feeds one token per row (the previous output, BOS first) and writes next-token log-probabilities
// [rows, vocab] to `logProbs`. False with `error` set when a token is out of range or the capacity is reached.
bool DecodeStep(const TransformerWeightsNative& model, DecodingState* state, const int32_t* tokens, float* logProbs,
                const char** error);

// Row i of the state becomes the old row rows[i] (beam reordering, dropping finished rows); count <= maxRows.
bool SelectRows(DecodingState* state, const int32_t* rows, int64_t count, const char** error);

// Frees the state's buffers (the object stays valid and empty). EncodeSources may also be called again on a state
// to decode the next batch in the memory it already holds.
void ReleaseState(DecodingState* state);

// Bytes the state's buffers hold.
int64_t StateBytes(const DecodingState& state);
