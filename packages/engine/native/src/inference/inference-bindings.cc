#include "inference-bindings.h"

#include <vector>

#include "../napi-args.h"
#include "candidates.h"
#include "decoding-state.h"
#include "transformer-model.h"

// Weight arrays of transformerCreate, in order (W is [in, out]; b its bias; norms are gamma, beta):
//   embedding [vocab, d], positions [maxLength, d],
//   per encoder layer: selfNorm (2), W_qkv [d, 3d], b_qkv, W_o, b_o, feedForwardNorm (2), W_1 [d, ff], b_1,
//     W_2 [ff, d], b_2 (12 arrays),
//   encoder norm (2),
//   per decoder layer: selfNorm (2), W_qkv, b_qkv, W_o, b_o, crossNorm (2), W_q, b_q, W_kv [d, 2d], b_kv, W_o, b_o,
//     feedForwardNorm (2), W_1, b_1, W_2, b_2 (20 arrays),
//   decoder norm (2).
namespace {

const napi_type_tag kModelTag = {0x7061726c65790001ULL, 0x6d6f64656c000001ULL};
const napi_type_tag kStateTag = {0x7061726c65790002ULL, 0x7374617465000002ULL};

template <typename T>
T* Unwrap(const Napi::CallbackInfo& info, size_t index, const napi_type_tag& tag, const char* what) {
  if (index >= info.Length() || !info[index].IsExternal() || !info[index].As<Napi::External<T>>().CheckTypeTag(&tag)) {
    Napi::TypeError::New(info.Env(), std::string(what) + " is not a native Transformer handle of that kind")
        .ThrowAsJavaScriptException();
    return nullptr;
  }
  return info[index].As<Napi::External<T>>().Data();
}

template <typename T>
Napi::Value Wrap(Napi::Env env, T* object, const napi_type_tag& tag) {
  auto external = Napi::External<T>::New(env, object, [](Napi::Env, T* data) { delete data; });
  external.TypeTag(&tag);
  return external;
}

bool IsInt32Array(const Napi::Value& value) {
  return value.IsTypedArray() && value.As<Napi::TypedArray>().TypedArrayType() == napi_int32_array;
}

bool IsFloat32Array(const Napi::Value& value) {
  return value.IsTypedArray() && value.As<Napi::TypedArray>().TypedArrayType() == napi_float32_array;
}

}  // namespace

Napi::Value JsTransformerCreate(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 2 || !info[0].IsArray() || !info[1].IsArray()) {
    Napi::TypeError::New(env, "transformerCreate(dims, arrays)").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  auto dimsArray = info[0].As<Napi::Array>();
  int64_t values[7] = {};
  for (uint32_t i = 0; i < 7; ++i) {
    Napi::Value element = dimsArray.Get(i);
    if (!element.IsNumber()) return ThrowRange(info, "transformerCreate: dims must be 7 numbers");
    values[i] = element.As<Napi::Number>().Int64Value();
  }
  const TransformerDims dims{values[0], values[1], values[2], values[3], values[4], values[5], values[6]};
  auto arrayList = info[1].As<Napi::Array>();
  std::vector<FloatSpan> spans;
  for (uint32_t i = 0; i < arrayList.Length(); ++i) {
    Napi::Value element = arrayList.Get(i);
    if (!IsFloat32Array(element)) return ThrowRange(info, "transformerCreate: every weight must be a Float32Array");
    auto array = element.As<Napi::Float32Array>();
    spans.push_back(FloatSpan{array.Data(), static_cast<int64_t>(array.ElementLength())});
  }
  auto* model = new TransformerWeightsNative();
  const char* error = nullptr;
  if (!TransformerFromArrays(dims, spans, model, &error)) {
    delete model;
    return ThrowRange(info, error);
  }
  return Wrap(env, model, kModelTag);
}

Napi::Value JsTransformerEncode(const Napi::CallbackInfo& info) {
  auto* model = Unwrap<TransformerWeightsNative>(info, 0, kModelTag, "model");
  if (model == nullptr) return info.Env().Undefined();
  if (info.Length() < 6 || !IsInt32Array(info[1])) {
    return ThrowRange(info, "transformerEncode(model, ids: Int32Array, sources, sourceLength, rowsPerSource, capacity)");
  }
  auto ids = info[1].As<Napi::Int32Array>();
  const int64_t sources = IntArg(info, 2), sourceLength = IntArg(info, 3);
  if (!SameLength(ids, sources * sourceLength)) return ThrowRange(info, "transformerEncode: ids must hold sources × sourceLength ids");
  auto* state = new DecodingState();
  const char* error = nullptr;
  if (!EncodeSources(*model, ids.Data(), sources, sourceLength, IntArg(info, 4), IntArg(info, 5), state, &error)) {
    delete state;
    return ThrowRange(info, error);
  }
  return Wrap(info.Env(), state, kStateTag);
}

Napi::Value JsTransformerStep(const Napi::CallbackInfo& info) {
  auto* model = Unwrap<TransformerWeightsNative>(info, 0, kModelTag, "model");
  auto* state = model == nullptr ? nullptr : Unwrap<DecodingState>(info, 1, kStateTag, "state");
  if (state == nullptr) return info.Env().Undefined();
  if (info.Length() < 4 || !IsInt32Array(info[2]) || !IsFloat32Array(info[3])) {
    return ThrowRange(info, "transformerStep(model, state, tokens: Int32Array, logProbs: Float32Array)");
  }
  auto tokens = info[2].As<Napi::Int32Array>();
  auto logProbs = info[3].As<Napi::Float32Array>();
  if (!SameLength(tokens, state->rows) || !SameLength(logProbs, state->rows * model->dims.vocab)) {
    return ThrowRange(info, "transformerStep: tokens must hold one id per row and logProbs rows × vocab floats");
  }
  const char* error = nullptr;
  if (!DecodeStep(*model, state, tokens.Data(), logProbs.Data(), &error)) return ThrowRange(info, error);
  return info.Env().Undefined();
}

Napi::Value JsTransformerSelectRows(const Napi::CallbackInfo& info) {
  auto* state = Unwrap<DecodingState>(info, 0, kStateTag, "state");
  if (state == nullptr) return info.Env().Undefined();
  if (info.Length() < 2 || !IsInt32Array(info[1])) return ThrowRange(info, "transformerSelectRows(state, rows: Int32Array)");
  auto rows = info[1].As<Napi::Int32Array>();
  const char* error = nullptr;
  if (!SelectRows(state, rows.Data(), static_cast<int64_t>(rows.ElementLength()), &error)) return ThrowRange(info, error);
  return info.Env().Undefined();
}

Napi::Value JsTransformerRelease(const Napi::CallbackInfo& info) {
  auto* state = Unwrap<DecodingState>(info, 0, kStateTag, "state");
  if (state != nullptr) ReleaseState(state);
  return info.Env().Undefined();
}

Napi::Value JsTopKRows(const Napi::CallbackInfo& info) {
  if (info.Length() < 6 || !IsFloat32Array(info[0]) || !IsInt32Array(info[4]) || !IsFloat32Array(info[5])) {
    return ThrowRange(info, "topKRows(values: Float32Array, rows, width, k, ids: Int32Array, best: Float32Array)");
  }
  auto values = info[0].As<Napi::Float32Array>();
  auto ids = info[4].As<Napi::Int32Array>();
  auto best = info[5].As<Napi::Float32Array>();
  const int64_t rows = IntArg(info, 1), width = IntArg(info, 2), k = IntArg(info, 3);
  if (rows < 0 || width <= 0 || k <= 0 || k > width || static_cast<int64_t>(values.ElementLength()) < rows * width ||
      static_cast<int64_t>(ids.ElementLength()) < rows * k || static_cast<int64_t>(best.ElementLength()) < rows * k) {
    return ThrowRange(info, "topKRows: lengths do not match rows, width and k (0 < k <= width)");
  }
  TopKRows(values.Data(), rows, width, k, ids.Data(), best.Data());
  return info.Env().Undefined();
}

Napi::Value JsTopKGroups(const Napi::CallbackInfo& info) {
  if (info.Length() < 8 || !IsFloat32Array(info[0]) || !IsFloat32Array(info[1]) || !IsInt32Array(info[6]) ||
      !IsFloat32Array(info[7])) {
    return ThrowRange(info, "topKGroups(logProbs, rowScores, groups, groupSize, width, k, ids: Int32Array, best)");
  }
  auto logProbs = info[0].As<Napi::Float32Array>();
  auto rowScores = info[1].As<Napi::Float32Array>();
  auto ids = info[6].As<Napi::Int32Array>();
  auto best = info[7].As<Napi::Float32Array>();
  const int64_t groups = IntArg(info, 2), groupSize = IntArg(info, 3), width = IntArg(info, 4), k = IntArg(info, 5);
  const int64_t rows = groups * groupSize;
  if (groups < 0 || groupSize <= 0 || width <= 0 || k <= 0 || static_cast<int64_t>(logProbs.ElementLength()) < rows * width ||
      static_cast<int64_t>(rowScores.ElementLength()) < rows || static_cast<int64_t>(ids.ElementLength()) < groups * k ||
      static_cast<int64_t>(best.ElementLength()) < groups * k || groupSize * width > INT32_MAX) {
    return ThrowRange(info, "topKGroups: lengths do not match groups, groupSize, width and k");
  }
  TopKGroups(logProbs.Data(), rowScores.Data(), groups, groupSize, width, k, ids.Data(), best.Data());
  return info.Env().Undefined();
}
