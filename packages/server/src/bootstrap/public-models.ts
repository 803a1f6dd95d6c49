import { existsSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { hashString32, parseParallelTsv } from "@parley/engine/data";
import type { Database } from "../db/client.js";
import { importDatasetPairs } from "../datasets/import-dataset.js";
import type { Logger } from "../logging/logger.js";
import { repoRoot } from "../paths.js";
import { StartupError } from "../startup-error.js";
import type { JobConfig } from "../training/job-config.js";

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
const DEFAULT_CORPUS = path.join(repoRoot, "..", "shared", "corpora", "tatoeba", "eng-fra");

export interface BootstrapOptions {
  prisma: Database;
  dataDir: string;
  logger: Logger;
  /** The admin tenant: owns the bootstrap dataset and job, and is billed its training time. */
  adminTenantId: string;
  /** PARLEY_BOOTSTRAP_CORPUS: a folder with train.tsv, or a TSV file; `none` disables. */
  corpus: string | undefined;
  /** Starts the queued job at once (the runner's wake). */
  wake?: () => void;
  /** Defaults to BOOTSTRAP_TRAINING. */
  training?: BootstrapTraining;
}

/**
 * When no public model exists yet: registers the public `eng-fra` model and
 * queues the training of its first version on a sample of the bootstrap
 * corpus. That job, and only it, promotes its version to `stable` when done.
 */
export async function bootstrapPublicModels(options: BootstrapOptions): Promise<{ modelId: string; jobId: string } | undefined> {
  const { prisma, logger } = options;
  const training = options.training ?? BOOTSTRAP_TRAINING;
  if ((await prisma.model.count({ where: { ownerTenantId: null } })) > 0) return undefined;
  const corpusFile = locateCorpus(options.corpus, logger);
  if (!corpusFile) return undefined;

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

function locateCorpus(setting: string | undefined, logger: Logger): string | undefined {
  if (setting === "none") {
    logger.info("bootstrap: disabled (PARLEY_BOOTSTRAP_CORPUS=none)");
    return undefined;
  }
  const location = setting ? path.resolve(setting) : DEFAULT_CORPUS;
  if (!existsSync(location)) {
    if (setting) throw new StartupError(`PARLEY_BOOTSTRAP_CORPUS=${setting}: no such file or folder`);
    logger.warn({ looked: location }, "bootstrap: no corpus found, no public model trained (set PARLEY_BOOTSTRAP_CORPUS)");
    return undefined;
  }
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
