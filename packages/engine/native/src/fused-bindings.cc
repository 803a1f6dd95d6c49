#include "fused-bindings.h"

#include "adam.h"
#include "cross-entropy.h"
#include "dropout.h"
#include "layer-norm.h"
#include "napi-args.h"

Napi::Value JsLayerNorm(const Napi::CallbackInfo& info) {
  if (!HasArguments(info, 9, 6, "layerNorm(x, gamma, beta, y, xHat, invStd, rows, d, epsilon)")) return info.Env().Undefined();
  auto x = info[0].As<Napi::Float32Array>(), gamma = info[1].As<Napi::Float32Array>(),
       beta = info[2].As<Napi::Float32Array>(), y = info[3].As<Napi::Float32Array>(),
       xHat = info[4].As<Napi::Float32Array>(), invStd = info[5].As<Napi::Float32Array>();
  const int64_t rows = IntArg(info, 6), d = IntArg(info, 7);
  if (rows < 0 || d <= 0 || !SameLength(x, rows * d) || !SameLength(y, rows * d) || !SameLength(xHat, rows * d) ||
      !SameLength(gamma, d) || !SameLength(beta, d) || !SameLength(invStd, rows)) {
    return ThrowRange(info, "layerNorm: lengths do not match rows and d");
  }
  LayerNormForward(x.Data(), gamma.Data(), beta.Data(), y.Data(), xHat.Data(), invStd.Data(), rows, d, FloatArg(info, 8));
  return info.Env().Undefined();
}

Napi::Value JsLayerNormGrad(const Napi::CallbackInfo& info) {
  if (!HasArguments(info, 9, 7, "layerNormGrad(dy, xHat, invStd, gamma, dx, dGamma, dBeta, rows, d)")) {
    return info.Env().Undefined();
  }
  auto dy = info[0].As<Napi::Float32Array>(), xHat = info[1].As<Napi::Float32Array>(),
       invStd = info[2].As<Napi::Float32Array>(), gamma = info[3].As<Napi::Float32Array>(),
       dx = info[4].As<Napi::Float32Array>(), dGamma = info[5].As<Napi::Float32Array>(),
       dBeta = info[6].As<Napi::Float32Array>();
  const int64_t rows = IntArg(info, 7), d = IntArg(info, 8);
  if (rows < 0 || d <= 0 || !SameLength(dy, rows * d) || !SameLength(xHat, rows * d) || !SameLength(dx, rows * d) ||
      !SameLength(invStd, rows) || !SameLength(gamma, d) || !SameLength(dGamma, d) || !SameLength(dBeta, d)) {
    return ThrowRange(info, "layerNormGrad: lengths do not match rows and d");
  }
  LayerNormBackward(dy.Data(), xHat.Data(), invStd.Data(), gamma.Data(), dx.Data(), dGamma.Data(), dBeta.Data(), rows, d);
  return info.Env().Undefined();
}

Napi::Value JsSoftmaxCrossEntropy(const Napi::CallbackInfo& info) {
  if (!HasArguments(info, 8, 5, "softmaxCrossEntropy(logits, targets, rowWeights, loss, grad, rows, vocab, smoothing)")) {
    return info.Env().Undefined();
  }
  auto logits = info[0].As<Napi::Float32Array>(), rowWeights = info[2].As<Napi::Float32Array>(),
       loss = info[3].As<Napi::Float32Array>(), grad = info[4].As<Napi::Float32Array>();
  auto targets = info[1].As<Napi::Int32Array>();
  const int64_t rows = IntArg(info, 5), vocab = IntArg(info, 6);
  if (rows < 0 || vocab <= 0 || !SameLength(logits, rows * vocab) || !SameLength(grad, rows * vocab) ||
      !SameLength(targets, rows) || !SameLength(rowWeights, rows) || !SameLength(loss, rows)) {
    return ThrowRange(info, "softmaxCrossEntropy: lengths do not match rows and vocab");
  }
  if (!SoftmaxCrossEntropy(logits.Data(), targets.Data(), rowWeights.Data(), loss.Data(), grad.Data(), rows, vocab,
                           FloatArg(info, 7))) {
    return ThrowRange(info, "softmaxCrossEntropy: a target is outside [0, vocab)");
  }
  return info.Env().Undefined();
}

Napi::Value JsAdamUpdate(const Napi::CallbackInfo& info) {
  if (!HasArguments(info, 11, 6, "adamUpdate(g, m, v, newM, newV, update, beta1, beta2, epsilon, correctedRate, clipNorm)")) {
    return info.Env().Undefined();
  }
  auto g = info[0].As<Napi::Float32Array>(), m = info[1].As<Napi::Float32Array>(), v = info[2].As<Napi::Float32Array>(),
       newM = info[3].As<Napi::Float32Array>(), newV = info[4].As<Napi::Float32Array>(),
       update = info[5].As<Napi::Float32Array>();
  const int64_t n = static_cast<int64_t>(g.ElementLength());
  if (!SameLength(m, n) || !SameLength(v, n) || !SameLength(newM, n) || !SameLength(newV, n) || !SameLength(update, n)) {
    return ThrowRange(info, "adamUpdate: every array must have the gradient's length");
  }
  const AdamStep step{FloatArg(info, 6), FloatArg(info, 7), FloatArg(info, 8), FloatArg(info, 9), FloatArg(info, 10)};
  const float norm = AdamUpdate(step, g.Data(), m.Data(), v.Data(), newM.Data(), newV.Data(), update.Data(), n);
  return Napi::Number::New(info.Env(), norm);
}

Napi::Value JsDropout(const Napi::CallbackInfo& info) {
  if (!HasArguments(info, 4, 2, "dropout(x, y, keep, seed)")) return info.Env().Undefined();
  auto x = info[0].As<Napi::Float32Array>(), y = info[1].As<Napi::Float32Array>();
  const float keep = FloatArg(info, 2);
  if (!SameLength(y, static_cast<int64_t>(x.ElementLength())) || !(keep > 0.0f && keep <= 1.0f)) {
    return ThrowRange(info, "dropout: y must have x's length and keep must be in (0, 1]");
  }
  Dropout(x.Data(), y.Data(), x.ElementLength(), keep, info[3].As<Napi::Number>().Uint32Value());
  return info.Env().Undefined();
}
