#pragma once
// N-API bindings of the fused training kernels (cross-entropy.h, adam.h, dropout.h).
#include <napi.h>

// softmaxCrossEntropy(logits, targets, rowWeights, loss, grad, rows, vocab, smoothing)
Napi::Value JsSoftmaxCrossEntropy(const Napi::CallbackInfo& info);
// adamUpdate(g, m, v, newM, newV, update, beta1, beta2, epsilon, correctedRate, clipNorm) -> pre-clip norm
Napi::Value JsAdamUpdate(const Napi::CallbackInfo& info);
// dropout(x, y, keep, seed)
Napi::Value JsDropout(const Napi::CallbackInfo& info);
