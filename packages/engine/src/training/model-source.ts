import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { CHECKSUM_FILE } from "../artifacts/checksum.js";
import { loadArtifact, TOKENIZER_FILE } from "../artifacts/model-artifact.js";
import type { Tokenizer, TokenizerCodec } from "../artifacts/tokenizer-codec.js";
import { createModel } from "../models/create-model.js";
import { modelPresets, presetConfig, type Architecture, type ModelConfig, type PresetName } from "../models/config.js";
import type { Seq2SeqModel } from "../models/seq2seq-model.js";
import { InitFromMismatchError } from "./init-from-mismatch-error.js";
import { assertNoParent, assertSameParent } from "./parent-checkpoint.js";

export { InitFromMismatchError };

/**
 * Where the model starts: a fresh model of `arch`/`preset` with a tokenizer learnt from the
 * training texts, or (`initFrom`) an existing model version whose tokenizer, config and weights
 * are reused. With `initFrom`, `arch`, `preset` and `vocabSize` may be left out; when given they
 * must describe the parent (a conflict is an InitFromMismatchError, never silently ignored).
 */
export type ModelSourceOptions =
  | { initFrom?: undefined; arch: Architecture; preset: PresetName; /** BPE vocabulary size (default 8000). */ vocabSize?: number }
  | { /** A model version directory. */ initFrom: string; arch?: Architecture; preset?: PresetName; vocabSize?: number };

/** The version a continued run started from, as recorded in its metrics. */
export interface ParentArtifact {
  /** Absolute path of the parent model version directory. */
  dir: string;
  /** SHA-256 of the parent's checksum.sha256, which covers every file of the parent. */
  checksum: string;
}

export interface ModelSource {
  model: Seq2SeqModel;
  tokenizer: Tokenizer;
  config: ModelConfig;
  /** The preset the config matches; undefined for a parent with a custom config. */
  preset: PresetName | undefined;
  parent?: ParentArtifact;
}

interface SourceContext {
  texts: () => string[];
  codec: TokenizerCodec;
  seed: number;
  resumeFrom: string | undefined;
}

export async function openModelSource(options: ModelSourceOptions, context: SourceContext): Promise<ModelSource> {
  if (options.initFrom !== undefined) {
    const source = await loadParent(options.initFrom, options, context.codec);
    try {
      if (context.resumeFrom !== undefined) await assertSameParent(context.resumeFrom, source.parent!, source.tokenizer);
    } catch (error) {
      source.model.dispose();
      throw error;
    }
    return source;
  }
  if (context.resumeFrom !== undefined) await assertNoParent(context.resumeFrom);
  const tokenizer = context.resumeFrom === undefined
    ? await context.codec.train(context.texts(), { vocabSize: options.vocabSize ?? 8000 })
    : context.codec.fromJSON(JSON.parse(await readFile(path.join(context.resumeFrom, TOKENIZER_FILE), "utf8")));
  const config = presetConfig(options.arch, options.preset, tokenizer.vocabSize);
  return { model: createModel(config, context.seed), tokenizer, config, preset: options.preset };
}

async function loadParent(dir: string, options: ModelSourceOptions, codec: TokenizerCodec): Promise<ModelSource> {
  const { model, tokenizer } = await loadArtifact(dir, codec);
  const config = model.config;
  try {
    const preset = matchingPreset(config);
    if (options.arch !== undefined && options.arch !== config.arch) {
      throw new InitFromMismatchError(`cannot continue ${dir} as a ${options.arch}: it is a ${config.arch} model`);
    }
    if (options.preset !== undefined && options.preset !== preset) {
      throw new InitFromMismatchError(`cannot continue ${dir} with preset ${options.preset}: its config is ${preset === undefined ? "not a preset" : `preset ${preset}`}`);
    }
    if (options.vocabSize !== undefined && options.vocabSize !== tokenizer.vocabSize) {
      throw new InitFromMismatchError(`cannot continue ${dir} with vocabulary ${options.vocabSize}: its tokenizer has ${tokenizer.vocabSize}`);
    }
    const checksum = createHash("sha256").update(await readFile(path.join(dir, CHECKSUM_FILE))).digest("hex");
    return { model, tokenizer, config, preset, parent: { dir: path.resolve(dir), checksum } };
  } catch (error) {
    model.dispose();
    throw error;
  }
}

function matchingPreset(config: ModelConfig): PresetName | undefined {
  const names = Object.keys(modelPresets[config.arch]) as PresetName[];
  return names.find((name) => JSON.stringify(presetConfig(config.arch, name, config.vocabSize)) === JSON.stringify(config));
}
