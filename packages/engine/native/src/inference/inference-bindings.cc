#include "inference-bindings.h"

#include <vector>

#include "../napi-args.h"
#include "candidates.h"
#include "small-batch-linear.h"
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

// Bytes a model holds natively, reported to V8 so that its garbage collector weighs them when it frees the handle.
int64_t ModelBytes(const TransformerWeightsNative& model) {
  int64_t bytes = static_cast<int64_t>(model.embedding.size() + model.positions.size()) * 4;
  const auto add = [&bytes](const LinearWeights& linear) {
    bytes += static_cast<int64_t>(linear.packed.weights.size() * 4 + linear.packed.quantized.size() +
                                  (linear.packed.scales.size() + linear.packed.bias.size() + linear.bias.size()) * 4);
  };
  add(model.outputProjection);
  for (const auto& layer : model.encoder) {
    for (const LinearWeights* linear : {&layer.queryKeyValue, &layer.selfOutput, &layer.inner, &layer.outer}) add(*linear);
  }
  for (const auto& layer : model.decoder) {
    for (const LinearWeights* linear : {&layer.queryKeyValue, &layer.selfOutput, &layer.crossQuery, &layer.crossKeyValue,
                                        &layer.crossOutput, &layer.inner, &layer.outer}) {
      add(*linear);
    }
  }
  return bytes;
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
    Napi::TypeError::New(env, "transformerCreate(dims, arrays, int8?)").ThrowAsJavaScriptException();
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
  const bool int8 = info.Length() > 2 && info[2].IsBoolean() && info[2].As<Napi::Boolean>().Value();
  auto* model = new TransformerWeightsNative();
  const char* error = nullptr;
  if (!TransformerFromArrays(dims, spans, int8, model, &error)) {
    delete model;
    return ThrowRange(info, error);
  }
  const int64_t bytes = ModelBytes(*model);
  Napi::MemoryManagement::AdjustExternalMemory(env, bytes);
  auto external = Napi::External<TransformerWeightsNative>::New(env, model, [bytes](Napi::Env finalizing, TransformerWeightsNative* data) {
    Napi::MemoryManagement::AdjustExternalMemory(finalizing, -bytes);
    delete data;
  });
  external.TypeTag(&kModelTag);
  return external;
}

Napi::Value JsTransformerEncode(const Napi::CallbackInfo& info) {
  auto* model = Unwrap<TransformerWeightsNative>(info, 0, kModelTag, "model");
  if (model == nullptr) return info.Env().Undefined();
  if (info.Length() < 7 || !IsInt32Array(info[1])) {
    return ThrowRange(info, "transformerEncode(model, ids: Int32Array, sources, sourceLength, rowsPerSource, capacity, maxRows, reuse?)");
  }
  auto ids = info[1].As<Napi::Int32Array>();
  const int64_t sources = IntArg(info, 2), sourceLength = IntArg(info, 3);
  if (!SameLength(ids, sources * sourceLength)) return ThrowRange(info, "transformerEncode: ids must hold sources × sourceLength ids");
  DecodingState* reused = nullptr;
  if (info.Length() > 7 && !info[7].IsUndefined()) {
    reused = Unwrap<DecodingState>(info, 7, kStateTag, "reuse");
    if (reused == nullptr) return info.Env().Undefined();
  }
  DecodingState* state = reused != nullptr ? reused : new DecodingState();
  const char* error = nullptr;
  if (!EncodeSources(*model, ids.Data(), sources, sourceLength, IntArg(info, 4), IntArg(info, 5), IntArg(info, 6), state,
                     &error)) {
    if (reused == nullptr) delete state;
    return ThrowRange(info, error);
  }
  return reused != nullptr ? info[7] : Wrap(info.Env(), state, kStateTag);
}

Napi::Value JsTransformerStateBytes(const Napi::CallbackInfo& info) {
  auto* state = Unwrap<DecodingState>(info, 0, kStateTag, "state");
  if (state == nullptr) return info.Env().Undefined();
  return Napi::Number::New(info.Env(), static_cast<double>(StateBytes(*state)));
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
  if (info.Length() < 5 || !IsFloat32Array(info[0]) || !IsInt32Array(info[3]) || !IsFloat32Array(info[4]) ||
      (info.Length() > 5 && !info[5].IsUndefined() && !IsInt32Array(info[5]))) {
    return ThrowRange(info, "topKRows(values: Float32Array, width, k, ids: Int32Array, best: Float32Array, rows?: Int32Array)");
  }
  auto values = info[0].As<Napi::Float32Array>();
  auto ids = info[3].As<Napi::Int32Array>();
  auto best = info[4].As<Napi::Float32Array>();
  const int64_t width = IntArg(info, 1), k = IntArg(info, 2);
  if (width <= 0 || k <= 0 || k > width || ids.ElementLength() % k != 0 || !SameLength(best, ids.ElementLength())) {
    return ThrowRange(info, "topKRows: needs 0 < k <= width and ids, best of equal length, a multiple of k");
  }
  const int64_t count = static_cast<int64_t>(ids.ElementLength()) / k;
  const int64_t available = static_cast<int64_t>(values.ElementLength()) / width;
  std::vector<int32_t> rows(count);
  if (info.Length() > 5 && !info[5].IsUndefined()) {
    auto listed = info[5].As<Napi::Int32Array>();
    if (!SameLength(listed, count)) return ThrowRange(info, "topKRows: rows must list ids.length / k rows");
    for (int64_t i = 0; i < count; ++i) rows[i] = listed.Data()[i];
  } else {
    for (int64_t i = 0; i < count; ++i) rows[i] = static_cast<int32_t>(i);
  }
  for (int32_t row : rows) {
    if (row < 0 || row >= available) return ThrowRange(info, "topKRows: a row is outside values");
  }
  TopKRows(values.Data(), rows.data(), count, width, k, ids.Data(), best.Data());
  return info.Env().Undefined();
}

Napi::Value JsTopKGroups(const Napi::CallbackInfo& info) {
  if (info.Length() < 7 || !IsFloat32Array(info[0]) || !IsFloat32Array(info[1]) || !IsInt32Array(info[2]) ||
      !IsInt32Array(info[5]) || !IsFloat32Array(info[6])) {
    return ThrowRange(info, "topKGroups(logProbs, rowScores, groupStarts: Int32Array, width, k, ids: Int32Array, best)");
  }
  auto logProbs = info[0].As<Napi::Float32Array>();
  auto rowScores = info[1].As<Napi::Float32Array>();
  auto groupStarts = info[2].As<Napi::Int32Array>();
  auto ids = info[5].As<Napi::Int32Array>();
  auto best = info[6].As<Napi::Float32Array>();
  const int64_t width = IntArg(info, 3), k = IntArg(info, 4);
  const int64_t groups = static_cast<int64_t>(groupStarts.ElementLength()) - 1;
  if (groups < 0 || width <= 0 || k <= 0 || !SameLength(ids, groups * k) || !SameLength(best, groups * k)) {
    return ThrowRange(info, "topKGroups: ids and best must hold k per group");
  }
  const int64_t rows = static_cast<int64_t>(logProbs.ElementLength()) / width;
  const int32_t* starts = groupStarts.Data();
  for (int64_t g = 0; g < groups; ++g) {
    if (starts[g] < 0 || starts[g] > starts[g + 1] || static_cast<int64_t>(starts[g + 1] - starts[g]) * width > INT32_MAX) {
      return ThrowRange(info, "topKGroups: groupStarts must be non-decreasing from 0");
    }
  }
  if (groups > 0 && (starts[groups] > rows || static_cast<int64_t>(rowScores.ElementLength()) < starts[groups])) {
    return ThrowRange(info, "topKGroups: groups reach past logProbs or rowScores");
  }
  TopKGroups(logProbs.Data(), rowScores.Data(), groupStarts.Data(), groups, width, k, ids.Data(), best.Data());
  return info.Env().Undefined();
}

Napi::Value JsInferenceInstructionSets(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() > 0 && info[0].IsString() && !SelectInstructionSet(info[0].As<Napi::String>().Utf8Value())) {
    return ThrowRange(info, "inferenceInstructionSets: this CPU does not run that instruction set");
  }
  const std::vector<std::string> names = InstructionSets();
  Napi::Object result = Napi::Object::New(env);
  Napi::Array available = Napi::Array::New(env, names.size());
  for (size_t i = 0; i < names.size(); ++i) available.Set(static_cast<uint32_t>(i), names[i]);
  result.Set("available", available);
  result.Set("selected", SelectedInstructionSet());
  return result;
}
