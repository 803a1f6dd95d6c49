{
  "targets": [
    {
      "target_name": "parley_native",
      "sources": ["src/addon.cc", "src/adam.cc", "src/cross-entropy.cc", "src/dropout.cc", "src/fused-bindings.cc", "src/gemm.cc", "src/layer-norm.cc", "src/reduce.cc", "src/thread-pool.cc", "src/transpose.cc", "src/unary.cc", "src/inference/candidates.cc", "src/inference/decoding-state.cc", "src/inference/inference-bindings.cc", "src/inference/inference-ops.cc", "src/inference/small-batch-linear.cc", "src/inference/transformer-model.cc"],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_DISABLE_CPP_EXCEPTIONS", "NODE_ADDON_API_ENABLE_TYPE_CHECK_ON_AS"],
      "cflags_cc": ["-O3", "-std=c++17", "-fno-math-errno", "-pthread", "-Wno-psabi"],
      "libraries": ["-lopenblas", "-lmvec", "-lm", "-pthread"]
    }
  ]
}
