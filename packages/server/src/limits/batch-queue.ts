interface Waiter<I, O> {
  item: I;
  resolve: (output: O) => void;
  reject: (error: unknown) => void;
}

/**
 * Batching across concurrent requests (group commit, for writes): items submitted while a batch is being written
 * wait and go together in the next one, so concurrent requests share one statement (and one commit) instead of
 * queueing for a connection each. At most one batch is in flight: a lone request runs at once, alone (no timer, no
 * added latency), and under load a batch holds every request that arrived during the previous one (up to
 * `maxBatch`). Each submitter gets its own item's outcome once its batch finished; a batch that throws rejects every
 * item of it.
 */
export class BatchQueue<I, O> {
  #waiting: Waiter<I, O>[] = [];
  #running = false;

  constructor(
    /** Runs a batch; returns one outcome per item, in order. */
    private readonly write: (items: I[]) => Promise<O[]>,
    private readonly maxBatch = 256,
  ) {}

  /** True when nothing waits and no batch is being written. */
  get idle(): boolean {
    return !this.#running && this.#waiting.length === 0;
  }

  /** The outcome of `item`, once the batch it joined was written. */
  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.#waiting.push({ item, resolve, reject });
      if (!this.#running) void this.#drain();
    });
  }

  async #drain(): Promise<void> {
    this.#running = true;
    try {
      while (this.#waiting.length > 0) {
        const batch = this.#waiting.splice(0, this.maxBatch);
        try {
          const outputs = await this.write(batch.map((waiter) => waiter.item));
          batch.forEach((waiter, index) => waiter.resolve(outputs[index]!));
        } catch (error) {
          for (const waiter of batch) waiter.reject(error);
        }
      }
    } finally {
      this.#running = false;
    }
  }
}
