import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import { parseModelConfig, type ModelConfig } from "../models/config.js";
import { createModel } from "../models/create-model.js";
import type { Seq2SeqModel } from "../models/seq2seq-model.js";
import { CHECKSUM_FILE, verifyChecksums, writeChecksums } from "./checksum.js";
import { WEIGHTS_FILE, WEIGHTS_MANIFEST_FILE, arraysToTensors, readWeights, variablesToArrays, writeWeights } from "./weights-file.js";
import { assertTokenizerContract, type Tokenizer, type TokenizerCodec } from "./tokenizer-codec.js";

export const CONFIG_FILE = "config.json";
export const TOKENIZER_FILE = "tokenizer.json";
export const METRICS_FILE = "metrics.json";
const REQUIRED_FILES = [CONFIG_FILE, TOKENIZER_FILE, WEIGHTS_FILE, WEIGHTS_MANIFEST_FILE, METRICS_FILE];

export type Metrics = Record<string, unknown>;

export interface ArtifactParts {
  model: Seq2SeqModel;
  tokenizer: Tokenizer;
  metrics: Metrics;
  /** The weight matrices were stored as int8 (the shipped models' compact form). */
  int8Weights: boolean;
}

interface ConfigFile { format: "parley-model-v1"; model: ModelConfig; createdAt: string }

/**
 * Writes a model version directory: config.json, tokenizer.json, weights.bin +
 * weights.manifest.json, metrics.json, any `extraFiles` (e.g. train-log.json), and
 * checksum.sha256 over all of them.
 */
export async function saveArtifact(dir: string, parts: Omit<ArtifactParts, "int8Weights">, extraFiles: Record<string, string> = {}): Promise<void> {
  await mkdir(dir, { recursive: true });
  const config: ConfigFile = { format: "parley-model-v1", model: parts.model.config, createdAt: new Date().toISOString() };
  await writeFile(path.join(dir, CONFIG_FILE), JSON.stringify(config, null, 2) + "\n");
  await writeFile(path.join(dir, TOKENIZER_FILE), JSON.stringify(parts.tokenizer.toJSON()) + "\n");
  await writeFile(path.join(dir, METRICS_FILE), JSON.stringify(parts.metrics, null, 2) + "\n");
  const params = parts.model.parameters;
  await writeWeights(dir, variablesToArrays(params.names.map((name) => [name, params.get(name)] as const)));
  for (const [name, content] of Object.entries(extraFiles)) await writeFile(path.join(dir, name), content);
  await writeChecksums(dir, [...REQUIRED_FILES, ...Object.keys(extraFiles)]);
}

/**
 * Verifies a model version directory without loading it: checksum.sha256 covers every file the engine
 * needs and each listed file matches (ArtifactIntegrityError otherwise). Files it does not list (a
 * MODEL_CARD.md) are not checked.
 */
export async function verifyArtifact(dir: string): Promise<void> {
  await verifyChecksums(dir, REQUIRED_FILES);
}

/** Loads a model version after verifying checksum.sha256 (ArtifactIntegrityError on any mismatch). */
export async function loadArtifact(dir: string, codec: TokenizerCodec): Promise<ArtifactParts> {
  await verifyChecksums(dir, REQUIRED_FILES);
  const config = JSON.parse(await readFile(path.join(dir, CONFIG_FILE), "utf8")) as Partial<ConfigFile>;
  if (config.format !== "parley-model-v1") throw new Error(`${path.join(dir, CONFIG_FILE)} is not a Parley model config`);
  const modelConfig = parseModelConfig(config.model);
  const tokenizer = codec.fromJSON(JSON.parse(await readFile(path.join(dir, TOKENIZER_FILE), "utf8")));
  assertTokenizerContract(tokenizer);
  if (tokenizer.vocabSize !== modelConfig.vocabSize) {
    throw new Error(`tokenizer vocabulary (${tokenizer.vocabSize}) does not match the model's (${modelConfig.vocabSize})`);
  }
  const metrics = JSON.parse(await readFile(path.join(dir, METRICS_FILE), "utf8")) as Metrics;
  const model = createModel(modelConfig);
  const arrays = await readWeights(dir);
  const tensors = arraysToTensors(arrays);
  try {
    model.parameters.assignAll(tensors);
  } catch (error) {
    model.dispose();
    throw error;
  } finally {
    tf.dispose([...tensors.values()]);
  }
  return { model, tokenizer, metrics, int8Weights: arrays.some((array) => array.int8 === true) };
}

export { CHECKSUM_FILE };
