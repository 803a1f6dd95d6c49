#pragma once
#include <cstddef>

// Layer normalisation over the last axis of x [rows, d], in one pass per row:
// xHat = (x - mean) * invStd, y = xHat * gamma + beta, invStd = 1 / sqrt(var + epsilon) per row.
void LayerNormForward(const float* x, const float* gamma, const float* beta, float* y, float* xHat, float* invStd,
                      size_t rows, size_t d, float epsilon);

// Its gradient: dx = invStd * (g - mean(g) - xHat * mean(g * xHat)) with g = dy * gamma,
// dGamma = sum over rows of dy * xHat, dBeta = sum over rows of dy.
void LayerNormBackward(const float* dy, const float* xHat, const float* invStd, const float* gamma, float* dx,
                       float* dGamma, float* dBeta, size_t rows, size_t d);
