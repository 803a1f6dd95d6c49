import { access, mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import type { Seq2SeqModel } from "../models/seq2seq-model.js";
import { parseModelConfig, type ModelConfig } from "../models/config.js";
import { readWeights, variablesToArrays, writeWeights, arraysToTensors } from "../artifacts/weights-file.js";
import type { AdamSnapshot } from "./flat-adam.js";
import type { TrainingProgress } from "./progress.js";

const TRAINER_STATE_FILE = "trainer-state.json";
/** Base name of the weights with the best dev loss so far (best-weights.bin and .manifest.json). */
const BEST_WEIGHTS = "best-weights";

const randomState = z.tuple([z.number(), z.number(), z.number(), z.number()]);
const trainerStateSchema = z.object({
  format: z.literal("parley-checkpoint-v1"),
  modelConfig: z.unknown(),
  step: z.number().int(),
  epoch: z.number().int(),
  batchInEpoch: z.number().int(),
  epochStartRandom: randomState,
  dropoutRandom: randomState,
  bestDevLoss: z.number().nullable(),
  evalsWithoutImprovement: z.number().int(),
  trainTargetTokens: z.number(),
  elapsedSeconds: z.number(),
  history: z.array(z.record(z.string(), z.unknown())),
});
export type TrainerState = Omit<z.infer<typeof trainerStateSchema>, "format" | "modelConfig" | "history"> & {
  modelConfig: ModelConfig;
  history: TrainingProgress[];
};

/**
 * A checkpoint as loaded: the trainer state, the optimizer moments, and the weights that had
 * `state.bestDevLoss` (in the model's variable order), which a resumed run restores at its end
 * unless it finds better ones. Absent when no dev evaluation had run yet.
 */
export interface Checkpoint { state: TrainerState; optimizer: AdamSnapshot; bestWeights?: Float32Array[] }

/**
 * Saves weights, optimizer moments, trainer state and the best weights so far (`bestWeights`, in the
 * model's variable order, when a dev evaluation has run); replaces any previous checkpoint atomically.
 */
export async function saveCheckpoint(
  dir: string, model: Seq2SeqModel, optimizer: AdamSnapshot, state: TrainerState, extraFiles: Record<string, string> = {},
  bestWeights?: readonly Float32Array[],
): Promise<void> {
  const staging = `${dir}.partial`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  const params = model.parameters;
  await writeWeights(staging, variablesToArrays(params.names.map((n) => [n, params.get(n)] as const)));
  await writeWeights(staging, [
    { name: "firstMoment", shape: [optimizer.firstMoment.length], values: optimizer.firstMoment },
    { name: "secondMoment", shape: [optimizer.secondMoment.length], values: optimizer.secondMoment },
  ], { baseName: "optimizer" });
  if (bestWeights !== undefined) {
    const variables = params.variables;
    await writeWeights(staging, params.names.map((name, i) => ({ name, shape: [...variables[i]!.shape], values: bestWeights[i]! })), { baseName: BEST_WEIGHTS });
  }
  const json = { format: "parley-checkpoint-v1", ...state, optimizerStep: optimizer.step };
  await writeFile(path.join(staging, TRAINER_STATE_FILE), JSON.stringify(json, null, 2) + "\n");
  for (const [name, content] of Object.entries(extraFiles)) await writeFile(path.join(staging, name), content);
  await rm(dir, { recursive: true, force: true });
  await rename(staging, dir);
}

/** Reads a checkpoint and loads its weights into `model` (whose config must match). */
export async function loadCheckpoint(dir: string, model: Seq2SeqModel): Promise<Checkpoint> {
  const raw = JSON.parse(await readFile(path.join(dir, TRAINER_STATE_FILE), "utf8")) as { optimizerStep?: unknown };
  const parsed = trainerStateSchema.parse(raw);
  const modelConfig = parseModelConfig(parsed.modelConfig);
  if (JSON.stringify(modelConfig) !== JSON.stringify(parseModelConfig(model.config))) {
    throw new Error(`checkpoint ${dir} was trained with a different model config`);
  }
  const tensors = arraysToTensors(await readWeights(dir));
  try {
    model.parameters.assignAll(tensors);
  } finally {
    for (const t of tensors.values()) t.dispose();
  }
  const moments = new Map((await readWeights(dir, "optimizer")).map((a) => [a.name, a.values]));
  const firstMoment = moments.get("firstMoment");
  const secondMoment = moments.get("secondMoment");
  if (firstMoment === undefined || secondMoment === undefined) throw new Error(`checkpoint ${dir} has no optimizer moments`);
  const { format: _format, ...rest } = parsed;
  const state: TrainerState = { ...rest, modelConfig, history: parsed.history as unknown as TrainingProgress[] };
  const optimizerSnapshot = { step: Number(raw.optimizerStep ?? parsed.step), firstMoment, secondMoment };
  const bestWeights = await readBestWeights(dir, model);
  if (bestWeights === undefined && state.bestDevLoss !== null) {
    // A checkpoint written before the best weights were kept: its best loss cannot be restored,
    // so the resumed run starts its own (else it would keep, and ship, its last weights).
    state.bestDevLoss = null;
    state.evalsWithoutImprovement = 0;
  }
  return { state, optimizer: optimizerSnapshot, ...(bestWeights === undefined ? {} : { bestWeights }) };
}

/** The checkpoint's best weights in the model's variable order, or undefined when it has none. */
async function readBestWeights(dir: string, model: Seq2SeqModel): Promise<Float32Array[] | undefined> {
  try {
    await access(path.join(dir, `${BEST_WEIGHTS}.manifest.json`));
  } catch {
    return undefined;
  }
  const byName = new Map((await readWeights(dir, BEST_WEIGHTS)).map((a) => [a.name, a]));
  const { names, variables } = model.parameters;
  return names.map((name, i) => {
    const array = byName.get(name);
    if (array === undefined || array.values.length !== variables[i]!.size) {
      throw new Error(`checkpoint ${dir}: the best weights do not match the model (tensor ${name})`);
    }
    return array.values;
  });
}
