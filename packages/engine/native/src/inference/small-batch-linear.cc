#include "small-batch-linear.h"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>

#include "../thread-pool.h"

namespace {

// 16 floats, one AVX-512 register (the AVX2 and portable kernels use vectors as wide as their registers).
typedef float Vec16 __attribute__((vector_size(64)));

#if defined(__x86_64__)
// GCC 12 flags the deliberately undefined upper lanes inside its own AVX-512 conversion intrinsics.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC push_options
#pragma GCC target("avx512f")
namespace avx512 {
inline Vec16 LoadInt8(const int8_t* p) {
  return reinterpret_cast<Vec16>(_mm512_cvtepi32_ps(_mm512_cvtepi8_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)))));
}
#include "small-batch-kernels.inc"
}  // namespace avx512
#pragma GCC pop_options

#pragma GCC push_options
#pragma GCC target("avx2,fma")
namespace avx2 {
#include "small-batch-avx2.inc"
}  // namespace avx2
#pragma GCC pop_options
#endif

namespace generic {
#include "small-batch-portable.inc"
}  // namespace generic

using PanelKernel = void (*)(const PackedLinear&, const float*, int64_t, int64_t, int64_t, float*);

struct Kernels {
  const char* name;
  PanelKernel floats, int8;
};

// The instruction sets this CPU can run, widest first.
std::vector<Kernels> AvailableKernels() {
  std::vector<Kernels> available;
#if defined(__x86_64__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f")) available.push_back({"avx512", avx512::ApplyFloatPanels, avx512::ApplyInt8Panels});
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) available.push_back({"avx2", avx2::ApplyFloatPanels, avx2::ApplyInt8Panels});
#endif
  available.push_back({"generic", generic::ApplyFloatPanels, generic::ApplyInt8Panels});
  return available;
}

std::atomic<const Kernels*> g_selected{nullptr};

const Kernels& SelectedKernels() {
  static const std::vector<Kernels> available = AvailableKernels();
  const Kernels* selected = g_selected.load(std::memory_order_relaxed);
  return selected != nullptr ? *selected : available.front();
}

}  // namespace

PackedLinear PackLinear(const float* weight, const float* bias, int64_t in, int64_t out, bool int8) {
  PackedLinear packed;
  packed.in = in;
  packed.out = out;
  packed.panels = (out + kPanelWidth - 1) / kPanelWidth;
  const int64_t padded = packed.panels * kPanelWidth;
  packed.bias.assign(padded, 0.0f);
  std::copy(bias, bias + out, packed.bias.begin());
  const auto at = [&](int64_t i, int64_t o) { return (o / kPanelWidth) * in * kPanelWidth + i * kPanelWidth + o % kPanelWidth; };
  if (!int8) {
    packed.weights.assign(padded * in, 0.0f);
    for (int64_t i = 0; i < in; ++i) {
      for (int64_t o = 0; o < out; ++o) packed.weights[at(i, o)] = weight[i * out + o];
    }
    return packed;
  }
  packed.scales.assign(padded, 1.0f);
  for (int64_t o = 0; o < out; ++o) {
    float maxAbs = 0.0f;
    for (int64_t i = 0; i < in; ++i) maxAbs = std::max(maxAbs, std::fabs(weight[i * out + o]));
    packed.scales[o] = maxAbs == 0.0f ? 1.0f : maxAbs / 127.0f;
  }
  packed.quantized.assign(padded * in, 0);
  for (int64_t i = 0; i < in; ++i) {
    for (int64_t o = 0; o < out; ++o) {
      const float q = std::nearbyint(weight[i * out + o] / packed.scales[o]);
      packed.quantized[at(i, o)] = static_cast<int8_t>(std::max(-127.0f, std::min(127.0f, q)));
    }
  }
  return packed;
}

void ApplyPackedLinear(const PackedLinear& linear, const float* x, int64_t rows, float* y, int threads) {
  const bool int8 = !linear.quantized.empty();
  const PanelKernel kernel = int8 ? SelectedKernels().int8 : SelectedKernels().floats;
  // Two chunks per thread, so that a d x d product (8 panels at d = 256) is split too, and at most 8 panels each.
  const int64_t perChunk = std::max<int64_t>(1, std::min<int64_t>(8, linear.panels / (2 * std::max(1, threads))));
  ParallelForRanges(linear.panels, perChunk, threads, [&](int64_t first, int64_t end) {
    kernel(linear, x, rows, first, end, y);
  });
}

bool SelectInstructionSet(const std::string& name) {
  static const std::vector<Kernels> available = AvailableKernels();
  for (const Kernels& kernels : available) {
    if (name == kernels.name) {
      g_selected.store(&kernels);
      return true;
    }
  }
  return false;
}

std::vector<std::string> InstructionSets() {
  std::vector<std::string> names;
  for (const Kernels& kernels : AvailableKernels()) names.emplace_back(kernels.name);
  return names;
}

std::string SelectedInstructionSet() { return SelectedKernels().name; }
