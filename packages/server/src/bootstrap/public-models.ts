import { existsSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { hashString32, parseParallelTsv } from "@parley/engine/data";
import type { Database } from "../db/client.js";
import { importDatasetPairs } from "../modules/datasets/import-dataset.js";
import type { Logger } from "../logging/logger.js";
import { StartupError } from "../startup-error.js";
import type { JobConfig } from "../modules/training/job-config.js";

/** The first public model: small enough to be READY within minutes on a CPU; later versions improve on it. */
export const BOOTSTRAP_MODEL = {
  name: "eng-fra",
  sourceLanguage: "en",
  targetLanguage: "fr",
  description: "English to French, trained at first start on Tatoeba (CC-BY 2.0: tatoeba.org and www.manythings.org/anki).",
};
// "tiny": on two shared CPU cores the small preset manages ~60 steps in 8 minutes, tiny over a thousand.
export const BOOTSTRAP_TRAINING: BootstrapTraining = { architecture: "transformer", preset: "tiny", maxMinutes: 8, maxPairs: 40_000 };

export interface BootstrapTraining {
  architecture: string;
  preset: string;
  maxMinutes: number;
  /** Pairs sampled from the corpus. */
  maxPairs: number;
  /** Optimizer steps, when the run should end before its time limit. */
  maxSteps?: number;
}

export interface BootstrapOptions {
  prisma: Database;
  dataDir: string;
  logger: Logger;
  /** The admin tenant: owns the bootstrap dataset and job, and is billed its training time. */
  adminTenantId: string;
  /** PARLEY_BOOTSTRAP_CORPUS: a folder with train.tsv, or a TSV file; unset or `none`: nothing is trained. */
  corpus: string | undefined;
  /** Starts the queued job at once (the runner's wake). */
  wake?: () => void;
  /** Defaults to BOOTSTRAP_TRAINING. */
  training?: BootstrapTraining;
}

/**
 * Opt-in (PARLEY_BOOTSTRAP_CORPUS; the shipped models serve by default): when no public model exists yet,
 * registers the public `eng-fra` model and queues the training of its first version on a sample of the
 * bootstrap corpus. That job, and only it, promotes its version to `stable` when done.
 */
export async function bootstrapPublicModels(options: BootstrapOptions): Promise<{ modelId: string; jobId: string } | undefined> {
  const { prisma, logger } = options;
  const training = options.training ?? BOOTSTRAP_TRAINING;
  if (options.corpus === undefined || options.corpus === "none") return undefined;
  if ((await prisma.model.count({ where: { ownerTenantId: null } })) > 0) {
    logger.info({ corpus: options.corpus }, "bootstrap: public models exist already, nothing trained (use `pnpm improve-model`)");
    return undefined;
  }
  const corpusFile = locateCorpus(options.corpus);

  const parsed = parseParallelTsv(await readFile(corpusFile), { mode: "lenient" });
  const pairs = samplePairs(parsed.pairs, training.maxPairs);
  const datasetName = `bootstrap-${BOOTSTRAP_MODEL.name}`;
  const dataset =
    (await prisma.dataset.findUnique({ where: { tenantId_name: { tenantId: options.adminTenantId, name: datasetName } } })) ??
    (await importDatasetPairs(options, options.adminTenantId, {
      name: datasetName,
      sourceLanguage: BOOTSTRAP_MODEL.sourceLanguage,
      targetLanguage: BOOTSTRAP_MODEL.targetLanguage,
    }, pairs));

  try {
    const created = await prisma.$transaction(async (tx) => {
      const model = await tx.model.create({ data: { ...BOOTSTRAP_MODEL, ownerTenantId: null } });
      const config: JobConfig = { promoteTo: "stable", ...(training.maxSteps ? { maxSteps: training.maxSteps } : {}) };
      const job = await tx.trainingJob.create({
        data: {
          tenantId: options.adminTenantId,
          modelId: model.id,
          datasetId: dataset.id,
          architecture: training.architecture,
          preset: training.preset,
          maxMinutes: training.maxMinutes,
          config,
        },
      });
      return { modelId: model.id, jobId: job.id };
    });
    logger.info(
      { model: BOOTSTRAP_MODEL.name, jobId: created.jobId, pairs: dataset.pairCount, corpus: corpusFile, preset: training.preset, maxMinutes: training.maxMinutes },
      "bootstrap: public model registered, training of its first version queued (promoted to stable when done)",
    );
    options.wake?.();
    return created;
  } catch (error) {
    // Another gateway starting at the same moment registered it first.
    if ((error as { code?: string }).code === "P2002") return undefined;
    throw error;
  }
}

function locateCorpus(setting: string): string {
  const location = path.resolve(setting);
  if (!existsSync(location)) throw new StartupError(`PARLEY_BOOTSTRAP_CORPUS=${setting}: no such file or folder`);
  const file = statSync(location).isDirectory() ? path.join(location, "train.tsv") : location;
  if (!existsSync(file)) throw new StartupError(`bootstrap corpus ${location} has no train.tsv`);
  return file;
}

/** A deterministic sample spread over the whole corpus (it is sorted by length). */
function samplePairs<T extends { source: string }>(pairs: readonly T[], max: number): T[] {
  if (pairs.length <= max) return [...pairs];
  const threshold = (max / pairs.length) * 2 ** 32;
  return pairs.filter((pair) => hashString32(`bootstrap\t${pair.source}`) < threshold).slice(0, max);
}
