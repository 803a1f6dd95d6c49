#pragma once
// Argument checks shared by the addon's bindings.
#include <napi.h>

#include <cstdint>

inline int64_t IntArg(const Napi::CallbackInfo& info, size_t index) {
  return info[index].As<Napi::Number>().Int64Value();
}

inline float FloatArg(const Napi::CallbackInfo& info, size_t index) {
  return info[index].As<Napi::Number>().FloatValue();
}

template <typename Array>
bool SameLength(const Array& array, int64_t length) {
  return static_cast<int64_t>(array.ElementLength()) == length;
}

// Throws a TypeError naming the call's signature unless there are `count` arguments and the
// first `arrays` of them are typed arrays.
inline bool HasArguments(const Napi::CallbackInfo& info, size_t count, size_t arrays, const char* signature) {
  bool ok = info.Length() >= count;
  for (size_t i = 0; ok && i < arrays; ++i) ok = info[i].IsTypedArray();
  if (!ok) Napi::TypeError::New(info.Env(), signature).ThrowAsJavaScriptException();
  return ok;
}

inline Napi::Value ThrowRange(const Napi::CallbackInfo& info, const char* message) {
  Napi::RangeError::New(info.Env(), message).ThrowAsJavaScriptException();
  return info.Env().Undefined();
}
