#pragma once
#include <cstddef>
#include <cstdint>

// Label-smoothed softmax cross-entropy over the rows of logits z [rows, vocab], fused with its
// gradient. Per row: loss = logSumExp(z) - ((1 - s) * z[target] + s * mean(z)), and
// grad = weight * (softmax(z) - ((1 - s) * oneHot(target) + s / vocab)), s the smoothing.
// Rows are split over the addon's threads. Returns false (writing nothing) if a target is out of range.
bool SoftmaxCrossEntropy(const float* logits, const int32_t* targets, const float* rowWeights, float* loss,
                         float* grad, size_t rows, size_t vocab, float smoothing);
