export interface BatchSchedulerOptions {
  /** A batch is sent as soon as it holds this many items... */
  maxBatchItems: number;
  /** ...or when its first item has waited this long. */
  maxWaitMs: number;
}

/** Runs one batch: results must come back in the order of `items`. */
export type BatchRunner<TKey, TItem, TResult> = (key: TKey, items: TItem[]) => Promise<TResult[]>;

interface Pending<TItem, TResult> {
  items: TItem[];
  resolve: (results: TResult[]) => void;
  reject: (error: unknown) => void;
}

interface OpenBatch<TKey, TItem, TResult> {
  key: TKey;
  requests: Pending<TItem, TResult>[];
  size: number;
  timer: NodeJS.Timeout;
}

/**
 * Groups concurrent requests that share a key (a model version and decoding
 * options) into one batch, so throughput grows with load while a lone request
 * waits at most `maxWaitMs`. A request is never split across batches.
 */
export class BatchScheduler<TKey, TItem, TResult> {
  private readonly open = new Map<string, OpenBatch<TKey, TItem, TResult>>();
  private queued = 0;

  constructor(
    private readonly options: BatchSchedulerOptions,
    private readonly runBatch: BatchRunner<TKey, TItem, TResult>,
    private readonly keyId: (key: TKey) => string,
    private readonly onBatch?: (size: number) => void,
  ) {}

  /** Items waiting for their batch to be sent. */
  get queueDepth(): number {
    return this.queued;
  }

  submit(key: TKey, items: TItem[]): Promise<TResult[]> {
    if (items.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      const id = this.keyId(key);
      let batch = this.open.get(id);
      if (batch && batch.size + items.length > this.options.maxBatchItems) {
        this.flush(id);
        batch = undefined;
      }
      if (!batch) {
        batch = { key, requests: [], size: 0, timer: setTimeout(() => this.flush(id), this.options.maxWaitMs) };
        this.open.set(id, batch);
      }
      batch.requests.push({ items, resolve, reject });
      batch.size += items.length;
      this.queued += items.length;
      if (batch.size >= this.options.maxBatchItems) this.flush(id);
    });
  }

  private flush(id: string): void {
    const batch = this.open.get(id);
    if (!batch) return;
    this.open.delete(id);
    clearTimeout(batch.timer);
    this.queued -= batch.size;
    this.onBatch?.(batch.size);
    const items = batch.requests.flatMap((request) => request.items);
    this.runBatch(batch.key, items).then(
      (results) => {
        let offset = 0;
        for (const request of batch.requests) {
          request.resolve(results.slice(offset, offset + request.items.length));
          offset += request.items.length;
        }
      },
      (error: unknown) => {
        for (const request of batch.requests) request.reject(error);
      },
    );
  }
}
