#pragma once
// N-API bindings of native Transformer inference (transformer-model.h, decoding-state.h, candidates.h).
#include <napi.h>

// transformerCreate(dims [vocab, modelDim, heads, ffDim, maxLength, encoderLayers, decoderLayers], arrays, int8?) -> model
Napi::Value JsTransformerCreate(const Napi::CallbackInfo& info);
// transformerEncode(model, ids, sources, sourceLength, rowsPerSource, capacity, maxRows, reuse?) -> state (reuse, if given)
Napi::Value JsTransformerEncode(const Napi::CallbackInfo& info);
// transformerStep(model, state, tokens, logProbs)
Napi::Value JsTransformerStep(const Napi::CallbackInfo& info);
// transformerSelectRows(state, rows)
Napi::Value JsTransformerSelectRows(const Napi::CallbackInfo& info);
// transformerRelease(state)
Napi::Value JsTransformerRelease(const Napi::CallbackInfo& info);
// transformerStateBytes(state) -> bytes held
Napi::Value JsTransformerStateBytes(const Napi::CallbackInfo& info);
// topKRows(values, width, k, ids, best, rows?)
Napi::Value JsTopKRows(const Napi::CallbackInfo& info);
// topKGroups(logProbs, rowScores, groupStarts, width, k, ids, best)
Napi::Value JsTopKGroups(const Napi::CallbackInfo& info);
// inferenceInstructionSets(select?) -> { available, selected }: the packed kernels' instruction sets
Napi::Value JsInferenceInstructionSets(const Napi::CallbackInfo& info);
