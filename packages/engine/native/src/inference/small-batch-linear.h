#pragma once
// y = x·W + bias for the rows of a decoding step or an encoder batch, from weights packed once at load time.
// OpenBLAS's sgemm packs W again on every call, which costs more than the product at a few rows; here each weight
// is read once per pass of up to six rows, from contiguous panels, and optionally as int8 (a quarter of the memory
// traffic, with float32 activations: weight-only quantization).
#include <cstdint>
#include <string>
#include <vector>

// Output units per panel: two 16-float vectors.
constexpr int64_t kPanelWidth = 32;

// W [in, out] as panels of kPanelWidth output units, each [in, kPanelWidth] contiguous, zero-padded to whole
// panels; float32, or int8 with a scale per output unit (symmetric: scale = max|column| / 127, q = round(w / scale),
// as the engine's int8 artifacts store matrices).
struct PackedLinear {
  int64_t in = 0, out = 0, panels = 0;
  std::vector<float> weights;     // [panels, in, kPanelWidth]; empty when int8
  std::vector<int8_t> quantized;  // [panels, in, kPanelWidth]; empty when float32
  std::vector<float> scales;      // [panels · kPanelWidth]; int8 only
  std::vector<float> bias;        // [panels · kPanelWidth]
};

PackedLinear PackLinear(const float* weight, const float* bias, int64_t in, int64_t out, bool int8);

// y [rows, out] = x [rows, in]·W + bias, output panels split over `threads`.
void ApplyPackedLinear(const PackedLinear& linear, const float* x, int64_t rows, float* y, int threads);

// The kernels' instruction sets this CPU runs ("avx512", "avx2", "generic"), widest first; the widest is used unless
// SelectInstructionSet chose another (tests compare them). False for a name not in the list.
std::vector<std::string> InstructionSets();
bool SelectInstructionSet(const std::string& name);
std::string SelectedInstructionSet();
