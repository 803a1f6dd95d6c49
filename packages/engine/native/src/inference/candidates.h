#pragma once
// Next-token candidates from a decoding step's scores: log-softmax and the k best per row or per group of rows.
#include <cstdint>

// In place over rows of `width`: z - log(sum(exp(z))), computed as max + log(sum(exp(z - max))).
void LogSoftmaxRows(float* values, int64_t rows, int64_t width);

// For rows[0..count) of values [·, width]: the k largest, best first (ties: lower index first), as ids [count, k]
// and values [count, k]. k <= width.
void TopKRows(const float* values, const int32_t* rows, int64_t count, int64_t width, int64_t k, int32_t* ids,
              float* best);

// Beam search's candidates: for each group g of rows groupStarts[g] .. groupStarts[g + 1] - 1, the k largest of
// logProbs[row, v] + rowScores[row] over the group, with ids (row - groupStarts[g])·width + v. Rows whose score is
// <= -1e29 (no live hypothesis) are skipped; missing candidates get id -1 and value -3.4e38.
void TopKGroups(const float* logProbs, const float* rowScores, const int32_t* groupStarts, int64_t groups,
                int64_t width, int64_t k, int32_t* ids, float* best);
