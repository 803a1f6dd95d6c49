#include "transformer-model.h"

#include <algorithm>
#include <cmath>

namespace {

constexpr int64_t kGlobalArrays = 6;         // embedding, positions, encoder norm (2), decoder norm (2)
constexpr int64_t kEncoderLayerArrays = 12;  // see inference-bindings.cc
constexpr int64_t kDecoderLayerArrays = 20;

class ArrayReader {
 public:
  explicit ArrayReader(const std::vector<FloatSpan>& arrays) : arrays_(arrays) {}

  bool Take(int64_t length, std::vector<float>* out) {
    if (next_ >= static_cast<int64_t>(arrays_.size()) || arrays_[next_].length != length) {
      ok_ = false;
      return false;
    }
    out->assign(arrays_[next_].data, arrays_[next_].data + length);
    ++next_;
    return true;
  }

  void Norm(int64_t d, NormWeights* norm) {
    Take(d, &norm->gamma);
    Take(d, &norm->beta);
  }

  void Linear(int64_t in, int64_t out, LinearWeights* linear) {
    linear->in = in;
    linear->out = out;
    Take(in * out, &linear->weight);
    Take(out, &linear->bias);
  }

  bool ok() const { return ok_ && next_ == static_cast<int64_t>(arrays_.size()); }

 private:
  const std::vector<FloatSpan>& arrays_;
  int64_t next_ = 0;
  bool ok_ = true;
};

}  // namespace

int64_t TransformerArrayCount(const TransformerDims& dims) {
  return kGlobalArrays + dims.encoderLayers * kEncoderLayerArrays + dims.decoderLayers * kDecoderLayerArrays;
}

bool TransformerFromArrays(const TransformerDims& dims, const std::vector<FloatSpan>& arrays, bool int8,
                           TransformerWeightsNative* model, const char** error) {
  const int64_t d = dims.modelDim, ff = dims.ffDim;
  if (d <= 0 || dims.heads <= 0 || d % dims.heads != 0 || ff <= 0 || dims.vocab <= 0 || dims.maxLength <= 0 ||
      dims.encoderLayers < 0 || dims.decoderLayers < 1) {
    *error = "transformer dimensions are not valid (modelDim must divide into heads)";
    return false;
  }
  if (static_cast<int64_t>(arrays.size()) != TransformerArrayCount(dims)) {
    *error = "wrong number of weight arrays for these dimensions";
    return false;
  }
  model->dims = dims;
  ArrayReader reader(arrays);
  reader.Take(dims.vocab * d, &model->embedding);
  reader.Take(dims.maxLength * d, &model->positions);
  model->encoder.resize(dims.encoderLayers);
  for (EncoderLayerWeights& layer : model->encoder) {
    reader.Norm(d, &layer.selfNorm);
    reader.Linear(d, 3 * d, &layer.queryKeyValue);
    reader.Linear(d, d, &layer.selfOutput);
    reader.Norm(d, &layer.feedForwardNorm);
    reader.Linear(d, ff, &layer.inner);
    reader.Linear(ff, d, &layer.outer);
  }
  reader.Norm(d, &model->encoderNorm);
  model->decoder.resize(dims.decoderLayers);
  for (DecoderLayerWeights& layer : model->decoder) {
    reader.Norm(d, &layer.selfNorm);
    reader.Linear(d, 3 * d, &layer.queryKeyValue);
    reader.Linear(d, d, &layer.selfOutput);
    reader.Norm(d, &layer.crossNorm);
    reader.Linear(d, d, &layer.crossQuery);
    reader.Linear(d, 2 * d, &layer.crossKeyValue);
    reader.Linear(d, d, &layer.crossOutput);
    reader.Norm(d, &layer.feedForwardNorm);
    reader.Linear(d, ff, &layer.inner);
    reader.Linear(ff, d, &layer.outer);
  }
  reader.Norm(d, &model->decoderNorm);
  if (!reader.ok()) {
    *error = "a weight array's length does not match the transformer's dimensions";
    return false;
  }
  LinearWeights& output = model->outputProjection;
  output.in = d;
  output.out = dims.vocab;
  output.bias.assign(dims.vocab, 0.0f);
  output.weight.resize(d * dims.vocab);
  for (int64_t v = 0; v < dims.vocab; ++v) {
    for (int64_t j = 0; j < d; ++j) output.weight[j * dims.vocab + v] = model->embedding[v * d + j];
  }
  const auto pack = [int8](LinearWeights* linear) {
    linear->packed = PackLinear(linear->weight.data(), linear->bias.data(), linear->in, linear->out, int8);
    std::vector<float>().swap(linear->weight);
  };
  pack(&output);
  for (EncoderLayerWeights& layer : model->encoder) {
    for (LinearWeights* linear : {&layer.queryKeyValue, &layer.selfOutput, &layer.inner, &layer.outer}) pack(linear);
  }
  for (DecoderLayerWeights& layer : model->decoder) {
    for (LinearWeights* linear : {&layer.queryKeyValue, &layer.selfOutput, &layer.crossQuery, &layer.crossKeyValue,
                                  &layer.crossOutput, &layer.inner, &layer.outer}) {
      pack(linear);
    }
  }
  return true;
}
