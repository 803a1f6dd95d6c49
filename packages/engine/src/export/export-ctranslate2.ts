/**
 * Exports a Parley Transformer model version as a CTranslate2 model directory (model.bin, config.json,
 * shared_vocabulary.json), the layout CTranslate2 4.x loads with `ctranslate2.Translator(dir)`: its TransformerSpec
 * (revision 7) with pre-norm layers, ReLU feed-forward, fused QKV projections, Parley's sinusoidal position table
 * (interleaved sin/cos, so written out rather than left to CTranslate2's concatenated one), embeddings shared by
 * encoder, decoder and output projection, and layer-norm epsilon 1e-5. Weights are float32 (int8 artifacts are
 * dequantized); CTranslate2 quantizes at load with `compute_type="int8"`.
 *
 * Vocabulary entries are Parley token ids written as decimal strings (`"57"`), except `<blank>`, `<unk>`, `<s>` and
 * `</s>` for ids 0-3: tokenize with Parley's tokenizer (copied as tokenizer.json) and pass ids as strings.
 */
import { copyFile, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { verifyArtifact, CONFIG_FILE, TOKENIZER_FILE } from "../artifacts/model-artifact.js";
import { readWeights, type NamedArray } from "../artifacts/weights-file.js";
import { parseModelConfig, type TransformerConfig } from "../models/config.js";
import { sinusoidalTable } from "../models/ops/positional-encoding.js";
import { ct2ModelBinary, type Ct2Variable } from "./ctranslate2-binary.js";

/** The spec and revision CTranslate2 4.8 writes for a TransformerSpec. */
const SPEC = { name: "TransformerSpec", revision: 7 };
const SPECIAL_TOKENS = ["<blank>", "<unk>", "<s>", "</s>"];

export async function exportCTranslate2(modelDir: string, outDir: string): Promise<void> {
  await verifyArtifact(modelDir);
  const config = parseModelConfig((JSON.parse(await readFile(path.join(modelDir, CONFIG_FILE), "utf8")) as { model: unknown }).model);
  if (config.arch !== "transformer") throw new Error(`only Transformer models export to CTranslate2; ${modelDir} is ${config.arch}`);
  const weights = new Map((await readWeights(modelDir)).map((array) => [array.name, array]));
  const variables = new Map<string, Ct2Variable>();
  const aliases = new Map<string, string>();
  const take = (name: string): NamedArray => {
    const array = weights.get(name);
    if (array === undefined) throw new Error(`${modelDir} has no weight ${name}`);
    return array;
  };
  const put = (name: string, shape: number[], data: Float32Array) => variables.set(name, { shape, dtype: "float32", data });
  const scalar = (name: string, dtype: "int8" | "int16", value: number) =>
    variables.set(name, { shape: [], dtype, data: dtype === "int8" ? Int8Array.of(value) : Int16Array.of(value) });
  const norm = (ct2: string, parley: string) => {
    put(`${ct2}/gamma`, [config.modelDim], take(`${parley}.gamma`).values);
    put(`${ct2}/beta`, [config.modelDim], take(`${parley}.beta`).values);
  };
  /** Parley's Linear is x·W with W [in, out]; CTranslate2's is x·Wᵀ with W [out, in]; several are stacked as rows. */
  const linear = (ct2: string, parley: string[]) => {
    const matrices = parley.map((name) => transpose(take(`${name}.weight`)));
    put(`${ct2}/weight`, [matrices.reduce((sum, m) => sum + m.rows, 0), matrices[0]!.columns], concat(matrices.map((m) => m.values)));
    put(`${ct2}/bias`, [matrices.reduce((sum, m) => sum + m.rows, 0)], concat(parley.map((name) => take(`${name}.bias`).values)));
  };
  const attention = (ct2: string, parley: string, self: boolean) => {
    if (self) {
      linear(`${ct2}/linear_0`, [`${parley}.query`, `${parley}.key`, `${parley}.value`]);
      linear(`${ct2}/linear_1`, [`${parley}.output`]);
    } else {
      linear(`${ct2}/linear_0`, [`${parley}.query`]);
      linear(`${ct2}/linear_1`, [`${parley}.key`, `${parley}.value`]);
      linear(`${ct2}/linear_2`, [`${parley}.output`]);
    }
  };
  const feedForward = (ct2: string, parley: string) => {
    linear(`${ct2}/linear_0`, [`${parley}.inner`]);
    linear(`${ct2}/linear_1`, [`${parley}.outer`]);
  };
  const positions = sinusoidalTable(config.maxLength, config.modelDim);
  for (const side of ["encoder", "decoder"] as const) {
    scalar(`${side}/activation`, "int8", 0); // ReLU
    scalar(`${side}/num_heads`, "int16", config.heads);
    scalar(`${side}/pre_norm`, "int8", 1);
    scalar(`${side}/scale_embeddings`, "int8", 1);
    put(`${side}/position_encodings/encodings`, [config.maxLength, config.modelDim], positions);
    norm(`${side}/layer_norm`, `${side}.norm`);
  }
  scalar("encoder/embeddings_merge", "int8", 0);
  scalar("encoder/multi_query_attention", "int8", 0);
  for (const name of ["alibi", "alibi_use_positive_positions", "scale_alibi", "start_from_zero_embedding"]) scalar(`decoder/${name}`, "int8", 0);
  scalar("decoder/alignment_heads", "int16", 1);
  scalar("decoder/alignment_layer", "int16", -1);
  put("decoder/embeddings/weight", [config.vocabSize, config.modelDim], take("embedding").values);
  aliases.set("encoder/embeddings_0/weight", "decoder/embeddings/weight");
  aliases.set("decoder/projection/weight", "decoder/embeddings/weight");
  layers(config, "encoder", (ct2, parley) => {
    norm(`${ct2}/self_attention/layer_norm`, `${parley}.selfNorm`);
    attention(`${ct2}/self_attention`, `${parley}.selfAttention`, true);
    norm(`${ct2}/ffn/layer_norm`, `${parley}.feedForwardNorm`);
    feedForward(`${ct2}/ffn`, `${parley}.feedForward`);
  });
  layers(config, "decoder", (ct2, parley) => {
    norm(`${ct2}/self_attention/layer_norm`, `${parley}.selfNorm`);
    attention(`${ct2}/self_attention`, `${parley}.selfAttention`, true);
    norm(`${ct2}/attention/layer_norm`, `${parley}.crossNorm`);
    attention(`${ct2}/attention`, `${parley}.crossAttention`, false);
    norm(`${ct2}/ffn/layer_norm`, `${parley}.feedForwardNorm`);
    feedForward(`${ct2}/ffn`, `${parley}.feedForward`);
  });

  await mkdir(outDir, { recursive: true });
  await writeFile(path.join(outDir, "model.bin"), ct2ModelBinary(SPEC, variables, aliases));
  await writeFile(path.join(outDir, "config.json"), JSON.stringify({
    add_source_bos: false, add_source_eos: true, bos_token: "<s>", decoder_start_token: "<s>", eos_token: "</s>",
    layer_norm_epsilon: 1e-5, multi_query_attention: false, unk_token: "<unk>",
  }, null, 2) + "\n");
  const vocabulary = Array.from({ length: config.vocabSize }, (_, id) => SPECIAL_TOKENS[id] ?? String(id));
  await writeFile(path.join(outDir, "shared_vocabulary.json"), JSON.stringify(vocabulary) + "\n");
  await copyFile(path.join(modelDir, TOKENIZER_FILE), path.join(outDir, TOKENIZER_FILE));
}

function layers(config: TransformerConfig, side: "encoder" | "decoder", each: (ct2: string, parley: string) => void): void {
  const count = side === "encoder" ? config.encoderLayers : config.decoderLayers;
  for (let i = 0; i < count; i++) each(`${side}/layer_${i}`, `${side}.${i}`);
}

function transpose(array: NamedArray): { rows: number; columns: number; values: Float32Array } {
  const [inputs, outputs] = array.shape as [number, number];
  const values = new Float32Array(inputs * outputs);
  for (let i = 0; i < inputs; i++) for (let o = 0; o < outputs; o++) values[o * inputs + i] = array.values[i * outputs + o]!;
  return { rows: outputs, columns: inputs, values };
}

function concat(arrays: Float32Array[]): Float32Array {
  const out = new Float32Array(arrays.reduce((sum, a) => sum + a.length, 0));
  let offset = 0;
  for (const a of arrays) { out.set(a, offset); offset += a.length; }
  return out;
}
