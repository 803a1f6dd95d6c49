import type { ModelConfig } from "./config.js";
import { SeededRandom } from "./seeded-random.js";
import type { Seq2SeqModel } from "./seq2seq-model.js";
import { TransformerModel } from "./transformer/transformer-model.js";
import { LstmModel } from "./lstm/lstm-model.js";

/** Builds a model with parameters initialised deterministically from `seed`. */
export function createModel(config: ModelConfig, seed = 1): Seq2SeqModel {
  const random = new SeededRandom(seed);
  return config.arch === "transformer" ? new TransformerModel(config, random) : new LstmModel(config, random);
}
