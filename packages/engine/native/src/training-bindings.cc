#include "training-bindings.h"

#include "adam.h"
#include "cross-entropy.h"
#include "dropout.h"
#include "napi-args.h"

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
