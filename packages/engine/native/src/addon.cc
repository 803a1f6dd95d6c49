// Node-API addon with native kernels for the TensorFlow.js wasm backend: sgemm through OpenBLAS,
// bias and activation for fused matmuls, vectorised exp/log/tanh/erf, sums, transposes, layer norm,
// and the fused loss, optimizer step and dropout of training (fused-bindings.h).
// All calls are synchronous (tfjs kernels are) and work in place on the Float32Array views they
// are given (views of the wasm heap): no copies.
#include <napi.h>
#include <cblas.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "fused-bindings.h"
#include "inference/inference-bindings.h"
#include "gemm.h"
#include "napi-args.h"
#include "reduce.h"
#include "thread-pool.h"
#include "transpose.h"
#include "unary.h"

// OpenBLAS extensions; declared here so the build does not depend on which
// cblas.h the system's alternatives point to.
extern "C" {
void openblas_set_num_threads(int num_threads);
char* openblas_get_corename(void);
char* openblas_get_config(void);
}

namespace {

bool CheckSpan(Napi::Env env, const Napi::Float32Array& array, int64_t batch,
               int64_t stride, int64_t matrixSize, const char* name) {
  const int64_t needed = (batch - 1) * stride + matrixSize;
  if (stride < 0 || needed > static_cast<int64_t>(array.ElementLength())) {
    Napi::RangeError::New(env, std::string(name) + " is too short for the given shape and strides")
        .ThrowAsJavaScriptException();
    return false;
  }
  return true;
}

// sgemm(transA, transB, m, n, k, a, b, c, batch, strideA, strideB, strideC, beta)
// Row-major C[i] = op(A[i]) * op(B[i]) + beta * C[i] for i < batch, with
// A[i] = a + i * strideA (a stride of 0 broadcasts one matrix to every batch).
Napi::Value Sgemm(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 13 || !info[5].IsTypedArray() || !info[6].IsTypedArray() ||
      !info[7].IsTypedArray()) {
    Napi::TypeError::New(env, "sgemm(transA, transB, m, n, k, a, b, c, batch, strideA, strideB, strideC, beta)")
        .ThrowAsJavaScriptException();
    return env.Undefined();
  }
  const bool transA = info[0].As<Napi::Boolean>().Value();
  const bool transB = info[1].As<Napi::Boolean>().Value();
  const int64_t m = IntArg(info, 2), n = IntArg(info, 3), k = IntArg(info, 4);
  auto a = info[5].As<Napi::Float32Array>();
  auto b = info[6].As<Napi::Float32Array>();
  auto c = info[7].As<Napi::Float32Array>();
  const int64_t batch = IntArg(info, 8);
  const int64_t strideA = IntArg(info, 9), strideB = IntArg(info, 10), strideC = IntArg(info, 11);
  const float beta = info[12].As<Napi::Number>().FloatValue();
  if (m <= 0 || n <= 0 || k <= 0 || batch <= 0 || m > INT32_MAX || n > INT32_MAX || k > INT32_MAX) {
    Napi::RangeError::New(env, "sgemm needs positive m, n, k and batch").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  if (!CheckSpan(env, a, batch, strideA, m * k, "a") || !CheckSpan(env, b, batch, strideB, k * n, "b") ||
      !CheckSpan(env, c, batch, strideC, m * n, "c")) {
    return env.Undefined();
  }
  if (batch > 1 && strideC < m * n) {
    Napi::RangeError::New(env, "sgemm outputs of a batch must not overlap (strideC >= m * n)")
        .ThrowAsJavaScriptException();
    return env.Undefined();
  }
  RunGemm(GemmProblem{transA, transB, m, n, k, a.Data(), b.Data(), c.Data(), batch, strideA, strideB, strideC, beta},
          AddonThreads());
  return env.Undefined();
}

enum Activation { kLinear = 0, kRelu = 1, kRelu6 = 2, kLeakyRelu = 3, kSigmoid = 4, kElu = 5 };

// fillBias(c, n, bias): every row of length n of c becomes bias (bias length n, or 1 to fill with a scalar).
Napi::Value FillBias(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 3 || !info[0].IsTypedArray() || !info[2].IsTypedArray()) {
    Napi::TypeError::New(env, "fillBias(c, n, bias)").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  auto c = info[0].As<Napi::Float32Array>();
  const int64_t n = IntArg(info, 1);
  auto bias = info[2].As<Napi::Float32Array>();
  const int64_t size = static_cast<int64_t>(c.ElementLength());
  const int64_t biasLength = static_cast<int64_t>(bias.ElementLength());
  if (n <= 0 || size % n != 0 || (biasLength != n && biasLength != 1)) {
    Napi::RangeError::New(env, "fillBias needs c.length % n == 0 and bias of length n or 1")
        .ThrowAsJavaScriptException();
    return env.Undefined();
  }
  float* out = c.Data();
  const float* b = bias.Data();
  for (int64_t row = 0; row < size; row += n) {
    for (int64_t j = 0; j < n; ++j) out[row + j] = b[biasLength == 1 ? 0 : j];
  }
  return env.Undefined();
}

// activate(c, activation, alpha): applies a fused activation in place.
Napi::Value Activate(const Napi::CallbackInfo& info) {
  if (info.Length() < 3 || !info[0].IsTypedArray()) {
    Napi::TypeError::New(info.Env(), "activate(c, activation, alpha)").ThrowAsJavaScriptException();
    return info.Env().Undefined();
  }
  auto c = info[0].As<Napi::Float32Array>();
  const int activation = info[1].As<Napi::Number>().Int32Value();
  const float alpha = info[2].As<Napi::Number>().FloatValue();
  float* x = c.Data();
  const size_t size = c.ElementLength();
  switch (activation) {
    case kRelu:
      for (size_t i = 0; i < size; ++i) x[i] = x[i] > 0.0f ? x[i] : 0.0f;
      break;
    case kRelu6:
      for (size_t i = 0; i < size; ++i) x[i] = std::fmin(std::fmax(x[i], 0.0f), 6.0f);
      break;
    case kLeakyRelu:
      for (size_t i = 0; i < size; ++i) x[i] = x[i] > 0.0f ? x[i] : alpha * x[i];
      break;
    case kSigmoid:
      for (size_t i = 0; i < size; ++i) x[i] = 1.0f / (1.0f + std::exp(-x[i]));
      break;
    case kElu:
      for (size_t i = 0; i < size; ++i) x[i] = x[i] >= 0.0f ? x[i] : std::expm1(x[i]);
      break;
    default:
      break;
  }
  return info.Env().Undefined();
}

// unary(op, x, y): y[i] = op(x[i]) with op a UnaryOp code; x and y of equal length.
Napi::Value Unary(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 3 || !info[1].IsTypedArray() || !info[2].IsTypedArray()) {
    Napi::TypeError::New(env, "unary(op, x, y)").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  auto x = info[1].As<Napi::Float32Array>();
  auto y = info[2].As<Napi::Float32Array>();
  if (x.ElementLength() != y.ElementLength() ||
      !ApplyUnary(static_cast<UnaryOp>(info[0].As<Napi::Number>().Int32Value()), x.Data(), y.Data(),
                  x.ElementLength())) {
    Napi::RangeError::New(env, "unary needs a known op and arrays of equal length").ThrowAsJavaScriptException();
  }
  return env.Undefined();
}

// sum(x, out, outer, reduce, inner): sums a contiguous block of axes (see SumAxes).
Napi::Value JsSum(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 5 || !info[0].IsTypedArray() || !info[1].IsTypedArray()) {
    Napi::TypeError::New(env, "sum(x, out, outer, reduce, inner)").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  auto x = info[0].As<Napi::Float32Array>();
  auto out = info[1].As<Napi::Float32Array>();
  const int64_t outer = IntArg(info, 2), reduce = IntArg(info, 3), inner = IntArg(info, 4);
  if (outer < 0 || reduce < 0 || inner < 0 || static_cast<int64_t>(x.ElementLength()) != outer * reduce * inner ||
      static_cast<int64_t>(out.ElementLength()) != outer * inner) {
    Napi::RangeError::New(env, "sum: lengths do not match outer, reduce and inner").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  SumAxes(x.Data(), out.Data(), outer, reduce, inner);
  return env.Undefined();
}

bool ReadInts(const Napi::Value& value, std::vector<int64_t>* ints) {
  if (!value.IsArray()) return false;
  auto array = value.As<Napi::Array>();
  for (uint32_t i = 0; i < array.Length(); ++i) {
    Napi::Value element = array.Get(i);
    if (!element.IsNumber()) return false;
    ints->push_back(element.As<Napi::Number>().Int64Value());
  }
  return true;
}

// transpose(x, out, dims, perm): out's axis j is x's axis perm[j]; x has shape dims.
Napi::Value JsTranspose(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::vector<int64_t> dims, perm;
  if (info.Length() < 4 || !info[0].IsTypedArray() || !info[1].IsTypedArray() || !ReadInts(info[2], &dims) ||
      !ReadInts(info[3], &perm) || dims.size() != perm.size()) {
    Napi::TypeError::New(env, "transpose(x, out, dims, perm)").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  auto x = info[0].As<Napi::Float32Array>();
  auto out = info[1].As<Napi::Float32Array>();
  int64_t size = 1;
  for (int64_t dim : dims) size = dim < 0 ? -1 : size * dim;
  if (size < 0 || static_cast<int64_t>(x.ElementLength()) != size ||
      static_cast<int64_t>(out.ElementLength()) != size ||
      !Transpose(x.Data(), out.Data(), dims.data(), perm.data(), dims.size())) {
    Napi::RangeError::New(env, "transpose: lengths do not match dims, or perm is not a permutation")
        .ThrowAsJavaScriptException();
  }
  return env.Undefined();
}

Napi::Value SetThreads(const Napi::CallbackInfo& info) {
  openblas_set_num_threads(1);
  SetAddonThreads(info[0].As<Napi::Number>().Int32Value());
  return info.Env().Undefined();
}

Napi::Value Info(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object result = Napi::Object::New(env);
  result.Set("coreName", openblas_get_corename());
  result.Set("config", openblas_get_config());
  result.Set("threads", AddonThreads());
  return result;
}

// The C callback N-API calls for a binding written against node-addon-api.
template <Napi::Value (*Binding)(const Napi::CallbackInfo&)>
napi_value Call(napi_env env, napi_callback_info info) {
  Napi::CallbackInfo callbackInfo(env, info);
  return Binding(callbackInfo);
}

struct Export {
  const char* name;
  napi_callback callback;
};

constexpr Export kExports[] = {
    {"sgemm", Call<Sgemm>}, {"fillBias", Call<FillBias>}, {"activate", Call<Activate>}, {"unary", Call<Unary>},
    {"sum", Call<JsSum>}, {"transpose", Call<JsTranspose>}, {"layerNorm", Call<JsLayerNorm>},
    {"layerNormGrad", Call<JsLayerNormGrad>}, {"softmaxCrossEntropy", Call<JsSoftmaxCrossEntropy>},
    {"adamUpdate", Call<JsAdamUpdate>}, {"dropout", Call<JsDropout>}, {"setThreads", Call<SetThreads>},
    {"info", Call<Info>}, {"transformerCreate", Call<JsTransformerCreate>},
    {"transformerEncode", Call<JsTransformerEncode>}, {"transformerStep", Call<JsTransformerStep>},
    {"transformerSelectRows", Call<JsTransformerSelectRows>}, {"transformerRelease", Call<JsTransformerRelease>},
    {"transformerStateBytes", Call<JsTransformerStateBytes>},
    {"topKRows", Call<JsTopKRows>}, {"topKGroups", Call<JsTopKGroups>},
    {"inferenceInstructionSets", Call<JsInferenceInstructionSets>},
};

// Raw N-API on purpose: a worker thread terminated while it loads the addon makes these calls fail,
// and node-addon-api would then try to throw, fail again and abort the whole process. Here the
// module just stops registering; the dying worker never uses it.
napi_value Init(napi_env env, napi_value exports) {
  for (const Export& entry : kExports) {
    napi_value function;
    if (napi_create_function(env, entry.name, NAPI_AUTO_LENGTH, entry.callback, nullptr, &function) != napi_ok ||
        napi_set_named_property(env, exports, entry.name, function) != napi_ok) {
      break;
    }
  }
  return exports;
}

}  // namespace

NAPI_MODULE(parley_native, Init)
