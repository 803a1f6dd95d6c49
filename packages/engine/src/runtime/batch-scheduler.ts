export interface BatchSchedulerOptions {
  /** A batch is sent as soon as it holds this many items... */
  maxBatchItems: number;
  /** ...or when its first item has waited this long... */
  maxWaitMs: number;
  /**
   * ...or, when fewer than this many batches are running, at once (after the current event-loop turn, so that
   * requests submitted together still merge): an idle engine never holds a lone request back, and a busy one
   * gathers what arrives meanwhile into the batch it sends when a batch finishes. Default: no limit (maxWaitMs only).
   */
  maxInFlight?: number;
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
  /** Set when the batch is due at the next turn of the event loop (the engine has room). */
  immediate?: NodeJS.Immediate;
}

/**
 * Groups concurrent requests that share a key (a model version and decoding
 * options) into one batch, so throughput grows with load while a lone request
 * waits at most `maxWaitMs` (with `maxInFlight`, not at all while the engine has room). A request is never split
 * across batches.
 */
export class BatchScheduler<TKey, TItem, TResult> {
  private readonly open = new Map<string, OpenBatch<TKey, TItem, TResult>>();
  private queued = 0;
  private running = 0;

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
      else this.sendWhenRoom();
    });
  }

  /** With room for another running batch, schedules the oldest open one for the next turn of the event loop. */
  private sendWhenRoom(): void {
    if (this.running >= (this.options.maxInFlight ?? Number.POSITIVE_INFINITY)) return;
    if ([...this.open.values()].some((batch) => batch.immediate !== undefined)) return;
    const next = this.open.entries().next();
    if (next.done === true) return;
    const [id, batch] = next.value;
    batch.immediate = setImmediate(() => this.flush(id));
  }

  private flush(id: string): void {
    const batch = this.open.get(id);
    if (!batch) return;
    this.open.delete(id);
    clearTimeout(batch.timer);
    if (batch.immediate !== undefined) clearImmediate(batch.immediate);
    this.queued -= batch.size;
    this.running++;
    this.onBatch?.(batch.size);
    const items = batch.requests.flatMap((request) => request.items);
    // Another open batch (another key) may go too, while batches in flight stay under the limit.
    this.sendWhenRoom();
    const finished = this.runBatch(batch.key, items).finally(() => {
      this.running--;
      this.sendWhenRoom();
    });
    finished.then(
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
