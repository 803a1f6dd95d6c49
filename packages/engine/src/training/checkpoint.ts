import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import type { Seq2SeqModel } from "../models/seq2seq-model.js";
import { parseModelConfig, type ModelConfig } from "../models/config.js";
import { readWeights, variablesToArrays, writeWeights, arraysToTensors } from "../artifacts/weights-file.js";
import type { AdamSnapshot } from "./flat-adam.js";
import type { TrainingProgress } from "./progress.js";

const TRAINER_STATE_FILE = "trainer-state.json";

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

export interface Checkpoint { state: TrainerState; optimizer: AdamSnapshot }

/** Saves weights, optimizer moments and trainer state; replaces any previous checkpoint atomically. */
export async function saveCheckpoint(
  dir: string, model: Seq2SeqModel, optimizer: AdamSnapshot, state: TrainerState, extraFiles: Record<string, string> = {},
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
  return {
    state: { ...rest, modelConfig, history: parsed.history as unknown as TrainingProgress[] },
    optimizer: { step: Number(raw.optimizerStep ?? parsed.step), firstMoment, secondMoment },
  };
}
