/** What the runner tells a training process to do. */
export interface TrainingSpec {
  jobId: string;
  datasetPath: string;
  architecture: string;
  preset: string;
  /** The model's target language (the BLEU tokenizer is chosen from the test references' script). */
  targetLanguage: string;
  seed?: number;
  /** Training minutes left for this job (the limit less what earlier attempts used). */
  maxMinutes: number;
  /** This attempt's own folder. */
  workDir: string;
  /** Where the finished artifact is written. */
  artifactDir: string;
  /** A checkpoint of an earlier attempt to resume from. */
  resumeFrom?: string;
  /** The artifact of the version this job continues (its tokenizer, architecture and weights). */
  initFrom?: string;
  maxTrainPairs?: number;
  maxSteps?: number;
  checkpointEverySteps: number;
  /** Test pairs translated for the version's metrics (a deterministic prefix of the test split). */
  maxTestPairs: number;
}

export type ParentMessage = { type: "start"; spec: TrainingSpec };

export interface VersionMetrics {
  bleu: number;
  chrF: number;
  /** sacreBLEU tokenizer the BLEU scores used: "zh" when most reference letters are Han/kana, else "13a". */
  bleuTokenizer: string;
  devBleu?: number;
  testSentences: number;
}

export type ChildMessage =
  | {
      type: "progress";
      step: number;
      totalSteps: number;
      loss?: number;
      /** Set on reports that follow a dev evaluation. */
      devLoss?: number;
      /** BLEU of greedy translations of a dev sample, with devLoss. */
      devBleu?: number;
      etaSeconds?: number;
    }
  | { type: "checkpoint"; step: number; path: string }
  /** The step of the checkpoint this attempt starts from. */
  | { type: "resuming"; step: number }
  | { type: "evaluating"; testSentences: number }
  | { type: "done"; artifactDir: string; metrics: VersionMetrics; sizeBytes: number; checksum: string; steps: number }
  | { type: "failed"; message: string };
