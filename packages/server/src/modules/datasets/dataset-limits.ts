/** Bounds on one uploaded dataset. */
export interface DatasetLimits {
  /** Bytes of the uploaded file; larger uploads get HTTP 413. */
  maxBytes: number;
  /** Sentence pairs in one dataset. */
  maxPairs: number;
}

export const DEFAULT_DATASET_LIMITS: DatasetLimits = {
  maxBytes: 32 * 1024 * 1024,
  maxPairs: 500_000,
};
