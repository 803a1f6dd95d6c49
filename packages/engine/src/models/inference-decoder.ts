import { TensorDecoder } from "../decoding/tensor-decoder.js";
import type { IncrementalDecoder } from "../decoding/incremental-decoder.js";
import type { Seq2SeqModel } from "./seq2seq-model.js";
import { TransformerModel } from "./transformer/transformer-model.js";
import { NativeTransformerDecoder, type WeightPrecision } from "./transformer/native-transformer-decoder.js";

/**
 * The fastest decoder for `model`: native Transformer inference when the addon is loaded (a snapshot of the
 * weights as they are now, read at `precision`), else the TensorFlow.js graph. PARLEY_NATIVE_DECODER=0 forces the
 * graph.
 */
export function inferenceDecoder(model: Seq2SeqModel, precision: WeightPrecision = "float32"): IncrementalDecoder {
  if (model instanceof TransformerModel && process.env.PARLEY_NATIVE_DECODER !== "0") {
    const native = NativeTransformerDecoder.fromModel(model, { precision });
    if (native !== undefined) return native;
  }
  return new TensorDecoder(model);
}
