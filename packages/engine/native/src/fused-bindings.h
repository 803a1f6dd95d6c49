#pragma once
// N-API bindings of the engine's own fused kernels (layer-norm.h, cross-entropy.h, adam.h, dropout.h).
#include <napi.h>

// layerNorm(x, gamma, beta, y, xHat, invStd, rows, d, epsilon)
Napi::Value JsLayerNorm(const Napi::CallbackInfo& info);
// layerNormGrad(dy, xHat, invStd, gamma, dx, dGamma, dBeta, rows, d)
Napi::Value JsLayerNormGrad(const Napi::CallbackInfo& info);

// softmaxCrossEntropy(logits, targets, rowWeights, loss, grad, rows, vocab, smoothing)
Napi::Value JsSoftmaxCrossEntropy(const Napi::CallbackInfo& info);
// adamUpdate(g, m, v, newM, newV, update, beta1, beta2, epsilon, correctedRate, clipNorm) -> pre-clip norm
Napi::Value JsAdamUpdate(const Napi::CallbackInfo& info);
// dropout(x, y, keep, seed)
Napi::Value JsDropout(const Napi::CallbackInfo& info);
